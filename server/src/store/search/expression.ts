// Search parameter expressions compiled once into closures over @medplum/core's FHIRPath syntax tree.
// Indexing evaluates some 40 expressions per Observation; through the general evaluator most of that time
// went into finding each property's element definition again (for choice types, trying every type of
// `value[x]`), building a path string for every value and looking the parsed expression up in a cache.
// Here the property steps resolve their element definition once per (type, property) and do exactly what
// getTypedPropertyValue does with it; every other construct (ofType, where, resolve, …) is evaluated by the
// atom itself, so the semantics stay @medplum/core's. tests/server/search-expression.test.ts holds the two
// evaluators equal on every search parameter of generated and hand-written resources.
import {
  type AtomContext,
  DotAtom,
  FhirPathAtom,
  getElementDefinition,
  getTypedPropertyValue,
  getTypedPropertyValueWithSchema,
  type InternalSchemaElement,
  isEmpty,
  isQuantity,
  isQuantityEquivalent,
  parseFhirPath,
  SymbolAtom,
  type TypedValue,
  UnionAtom,
} from '@medplum/core';

/** A compiled expression: the values of the expression for each input element, like evalFhirPathTyped. */
export type CompiledExpression = (input: TypedValue[]) => TypedValue[];

type Step = (context: AtomContext, input: TypedValue[]) => TypedValue[];

export function compileSearchExpression(expression: string): CompiledExpression {
  const root = parseFhirPath(expression);
  const child = compileAtom(root instanceof FhirPathAtom ? root.child : root);
  return (input) => {
    const result: TypedValue[] = [];
    // As FhirPathAtom.eval: each input element on its own, as $this.
    for (const element of input) {
      for (const value of child({ variables: { $this: element } }, [element])) {
        result.push({ type: value.type, value: value.value?.valueOf() });
      }
    }
    return result;
  };
}

type Atom = FhirPathAtom['child'];

function compileAtom(atom: Atom): Step {
  if (atom instanceof DotAtom) {
    const left = compileAtom(atom.left);
    const right = compileAtom(atom.right);
    return (context, input) => right(context, left(context, input));
  }
  if (atom instanceof UnionAtom) {
    const left = compileAtom(atom.left);
    const right = compileAtom(atom.right);
    return (context, input) => unionOf(left(context, input), right(context, input));
  }
  if (atom instanceof SymbolAtom && /^[A-Za-z]\w*$/.test(atom.name)) {
    return propertyStep(atom.name);
  }
  return (context, input) => atom.eval(context, input);
}

/**
 * UnionAtom: both sides without duplicates (removeDuplicates). The evaluator compares objects together with
 * the path it found them at, so only an element reached twice is a duplicate (two components with the same
 * code both stay) — here, the same object; numbers, quantities and other primitives compare by value.
 */
function unionOf(left: TypedValue[], right: TypedValue[]): TypedValue[] {
  const result: TypedValue[] = [];
  for (const items of [left, right]) {
    for (const item of items) {
      if (!result.some((other) => sameValue(item, other))) {
        result.push(item);
      }
    }
  }
  return result;
}

function sameValue(x: TypedValue, y: TypedValue): boolean {
  const a = x.value?.valueOf();
  const b = y.value?.valueOf();
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) < 1e-8;
  }
  if (isQuantity(a) && isQuantity(b)) {
    return isQuantityEquivalent(a, b);
  }
  if (typeof a === 'object' && typeof b === 'object') {
    return a === b && x.type === y.type;
  }
  return a === b;
}

/** SymbolAtom.eval for a plain name: the resource itself when the name is its type, else the property. */
function propertyStep(name: string): Step {
  // The element definition of `name` per type of the input, found once.
  const plans = new Map<string, PropertyPlan | null>();
  const planFor = (type: string): PropertyPlan | null => {
    let plan = plans.get(type);
    if (plan === undefined) {
      plan = planOf(type, name);
      plans.set(type, plan);
    }
    return plan;
  };
  return (_context, input) => {
    const result: TypedValue[] = [];
    for (const typed of input) {
      const value = typed.value;
      if (!value || typeof value !== 'object') {
        continue;
      }
      if ('resourceType' in value && value.resourceType === name) {
        result.push(typed);
        continue;
      }
      const found = propertyValue(typed, name, planFor(typed.type));
      if (Array.isArray(found)) {
        for (const item of found) {
          if (item.value !== undefined) {
            result.push(item);
          }
        }
      } else if (found?.value !== undefined) {
        result.push(found);
      }
    }
    return result;
  };
}

interface PropertyPlan {
  element: InternalSchemaElement;
  /**
   * JSON keys the property may have (one per type for `[x]` elements), with the type each one means and
   * the key of its primitive extensions.
   */
  candidates: { key: string; extensionKey: string; type: string }[];
}

function planOf(type: string, name: string): PropertyPlan | null {
  const element = getElementDefinition(type, name);
  return element?.type?.length ? { element, candidates: candidatesOf(element) } : null;
}

function candidatesOf(element: InternalSchemaElement): PropertyPlan['candidates'] {
  const last = element.path.substring(element.path.lastIndexOf('.') + 1);
  const choice = last.endsWith('[x]');
  const base = choice ? last.slice(0, -3) : last;
  return element.type.map(({ code }) => {
    const key = choice ? base + code.charAt(0).toUpperCase() + code.substring(1) : base;
    return { key, extensionKey: `_${key}`, type: code };
  });
}

/** getTypedPropertyValue with the element's candidate keys worked out once. */
function propertyValue(
  typed: TypedValue,
  name: string,
  plan: PropertyPlan | null,
): TypedValue[] | TypedValue | undefined {
  if (!plan) {
    return getTypedPropertyValue(typed, name);
  }
  const value = typed.value as Record<string, unknown>;
  let result: unknown;
  let resultType = 'undefined';
  for (const candidate of plan.candidates) {
    if (value[candidate.extensionKey] !== undefined) {
      // Primitive extensions: rare in practice, and @medplum/core merges them into the values.
      return getTypedPropertyValueWithSchema(typed, name, plan.element);
    }
    result = value[candidate.key];
    if (result !== undefined) {
      resultType = candidate.type;
      break;
    }
  }
  if (isEmpty(result)) {
    return undefined;
  }
  if (resultType === 'Element' || resultType === 'BackboneElement') {
    resultType = plan.element.type[0].code;
  }
  return Array.isArray(result) ? result.map((item) => withType(item, resultType)) : withType(result, resultType);
}

function withType(value: unknown, type: string): TypedValue {
  if (type === 'Resource' && value && typeof value === 'object' && 'resourceType' in value) {
    return { type: value.resourceType as string, value };
  }
  return { type, value };
}
