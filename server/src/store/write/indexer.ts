// Write-time indexing: evaluates each R4 SearchParameter expression on a resource with @medplum/core's
// FHIRPath engine and turns the values into rows of the typed idx_* tables. The value conversions are
// @medplum/core's own (convertToSearchable…), so what we index is what the FHIR engine considers the
// parameter's values; tokens go through searchableTokens, which gives the same codes and texts (test) with
// each text in the row of its code.

import type { TypedValue } from '@medplum/core';
import {
  convertToSearchableDates,
  convertToSearchableNumbers,
  convertToSearchableQuantities,
  convertToSearchableReferences,
  convertToSearchableStrings,
  convertToSearchableUris,
  PropertyType,
  toTypedValue,
} from '@medplum/core';
import type { Address, CodeableConcept, Coding, HumanName, Identifier, Resource } from '@medplum/fhirtypes';
import type { CompositeComponent, IndexedParam, SearchParamRegistry } from '../search/params.ts';

/** Column arrays per index table, for one multi-row `INSERT … SELECT FROM unnest(…)` each. */
export interface IndexRows {
  token: {
    param: number[];
    rid: number[];
    system: (string | null)[];
    value: (string | null)[];
    text: (string | null)[];
  };
  string: { param: number[]; rid: number[]; normalized: string[]; raw: string[] };
  date: { param: number[]; rid: number[]; low: string[]; high: string[] };
  reference: {
    param: number[];
    rid: number[];
    targetType: (string | null)[];
    targetId: (string | null)[];
    reference: (string | null)[];
    identifierSystem: (string | null)[];
    identifierValue: (string | null)[];
  };
  number: { param: number[]; rid: number[]; low: (number | null)[]; high: (number | null)[] };
  quantity: {
    param: number[];
    rid: number[];
    value: (number | null)[];
    system: (string | null)[];
    code: (string | null)[];
    unit: (string | null)[];
  };
  uri: { param: number[]; rid: number[]; value: string[] };
  composite: {
    param: number[];
    rid: number[];
    c1System: (string | null)[];
    c1Value: (string | null)[];
    c2System: (string | null)[];
    c2Value: (string | null)[];
    c2Number: (number | null)[];
    c2Unit: (string | null)[];
    c2Low: (string | null)[];
    c2High: (string | null)[];
  };
}

export function emptyIndexRows(): IndexRows {
  return {
    token: { param: [], rid: [], system: [], value: [], text: [] },
    string: { param: [], rid: [], normalized: [], raw: [] },
    date: { param: [], rid: [], low: [], high: [] },
    reference: {
      param: [],
      rid: [],
      targetType: [],
      targetId: [],
      reference: [],
      identifierSystem: [],
      identifierValue: [],
    },
    number: { param: [], rid: [], low: [], high: [] },
    quantity: { param: [], rid: [], value: [], system: [], code: [], unit: [] },
    uri: { param: [], rid: [], value: [] },
    composite: {
      param: [],
      rid: [],
      c1System: [],
      c1Value: [],
      c2System: [],
      c2Value: [],
      c2Number: [],
      c2Unit: [],
      c2Low: [],
      c2High: [],
    },
  };
}

/** Lower case without diacritics: "Ĳsselmeer" and "ijsselmeer", "Zoë" and "zoe" match. */
export function normalizeString(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** `Patient/123`, `https://x/fhir/Patient/123/_history/2` → type and id; anything else → undefined. */
export function parseReference(reference: string): { type: string; id: string } | undefined {
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference);
  return match ? { type: match[1], id: match[2] } : undefined;
}

/**
 * Token systems and codes are matched case-insensitively (as @medplum/core does), so they are stored
 * in lower case; the stored resource keeps the original spelling.
 */
export function lowerOrNull(value: string | undefined): string | null {
  return value ? value.toLowerCase() : null;
}

const NEGATIVE_INFINITY = '-infinity';
const POSITIVE_INFINITY = 'infinity';

/** Adds the index rows of one resource (stored under `rid`) to `rows`. */
export function indexResource(registry: SearchParamRegistry, resource: Resource, rid: number, rows: IndexRows): void {
  const typed = [toTypedValue(resource)];
  const keys = Object.keys(resource);
  for (const param of registry.paramsOf(resource.resourceType)) {
    if (param.unionOf) {
      continue; // answered from its parts' rows
    }
    if (param.topLevelElements && !param.topLevelElements.some((element) => keys.some((k) => k.startsWith(element)))) {
      continue;
    }
    const values = param.evaluate(typed);
    if (values.length === 0) {
      continue;
    }
    if (param.type === 'composite') {
      addCompositeRows(param, values, rid, rows);
    } else {
      addRows(param, values, rid, rows);
    }
  }
}

function addRows(param: IndexedParam, values: TypedValue[], rid: number, rows: IndexRows): void {
  const id = param.id;
  switch (param.type) {
    case 'token':
      for (const token of searchableTokens(values)) {
        rows.token.param.push(id);
        rows.token.rid.push(rid);
        rows.token.system.push(token.system);
        rows.token.value.push(token.value);
        rows.token.text.push(token.text);
      }
      break;
    case 'string':
      for (const text of searchableStrings(values)) {
        rows.string.param.push(id);
        rows.string.rid.push(rid);
        rows.string.normalized.push(normalizeString(text));
        rows.string.raw.push(text);
      }
      break;
    case 'date':
      for (const period of convertToSearchableDates(values)) {
        rows.date.param.push(id);
        rows.date.rid.push(rid);
        rows.date.low.push(period.start ?? NEGATIVE_INFINITY);
        rows.date.high.push(period.end ?? POSITIVE_INFINITY);
      }
      break;
    case 'reference':
      addReferenceRows(id, values, rid, rows);
      break;
    case 'number':
      for (const [low, high] of convertToSearchableNumbers(values)) {
        rows.number.param.push(id);
        rows.number.rid.push(rid);
        rows.number.low.push(low ?? null);
        rows.number.high.push(high ?? null);
      }
      break;
    case 'quantity':
      for (const quantity of convertToSearchableQuantities(values)) {
        rows.quantity.param.push(id);
        rows.quantity.rid.push(rid);
        rows.quantity.value.push(quantity.value ?? null);
        rows.quantity.system.push(lowerOrNull(quantity.system));
        rows.quantity.code.push(lowerOrNull(quantity.code));
        rows.quantity.unit.push(lowerOrNull(quantity.unit));
      }
      break;
    case 'uri':
      for (const uri of convertToSearchableUris(values)) {
        rows.uri.param.push(id);
        rows.uri.rid.push(rid);
        rows.uri.value.push(uri);
      }
      break;
    default:
      break;
  }
}

/** One row of a token parameter: the code (lower case) and the text `:text` searches (normalized). */
export interface SearchableToken {
  system: string | null;
  value: string | null;
  text: string | null;
}

/** Tokens a parameter de-duplicates by comparing them one by one; beyond, by key. */
const LINEAR_DEDUPLICATION = 32;

/** A token as a key; JSON keeps a missing system (null) apart from the system "null". */
const tokenKey = (token: SearchableToken): string => JSON.stringify([token.system, token.value, token.text]);

/**
 * The token rows of a parameter's values, with the codes and texts @medplum/core's convertToSearchableTokens
 * gives, but each Coding's display (and an Identifier's type.text) in the row of its code: the texts
 * `:text` searches cost no rows of their own. A CodeableConcept's own text is a row without a code.
 */
export function searchableTokens(values: TypedValue[]): SearchableToken[] {
  const tokens: SearchableToken[] = [];
  let seen: Set<string> | undefined;
  const add = (system: string | undefined, value: string | undefined, text: string | undefined): void => {
    if (!system && !value && !text) {
      return;
    }
    const token = { system: lowerOrNull(system), value: lowerOrNull(value), text: text ? normalizeString(text) : null };
    // A parameter has a handful of values: comparing them costs less than building a key string for each.
    // Past a few dozen the comparisons grow with the square of the count (a Patient with 160,000 identifiers
    // took minutes), so from there a set of keys takes over.
    if (tokens.length < LINEAR_DEDUPLICATION) {
      if (tokens.some((t) => t.system === token.system && t.value === token.value && t.text === token.text)) {
        return;
      }
    } else {
      seen ??= new Set(tokens.map(tokenKey));
      const key = tokenKey(token);
      if (seen.has(key)) {
        return;
      }
      seen.add(key);
    }
    tokens.push(token);
  };
  const addCoding = (coding: Coding | undefined): void => add(coding?.system, coding?.code, coding?.display);
  for (const { type, value } of values) {
    switch (type) {
      case PropertyType.Identifier: {
        const identifier = value as Identifier | undefined;
        add(identifier?.system, identifier?.value, identifier?.type?.text);
        break;
      }
      case PropertyType.CodeableConcept: {
        const concept = value as CodeableConcept | undefined;
        add(undefined, undefined, concept?.text);
        for (const coding of concept?.coding ?? []) {
          addCoding(coding);
        }
        break;
      }
      case PropertyType.Coding:
        addCoding(value as Coding | undefined);
        break;
      case PropertyType.ContactPoint:
        add(value?.system, value?.value, undefined);
        break;
      default:
        add(undefined, value?.toString(), undefined);
    }
  }
  return tokens;
}

/** A row with a system or code (not only a text): what composites pair. */
function hasCode(token: SearchableToken): boolean {
  return token.system !== null || token.value !== null;
}

/**
 * Strings to index: the formatted whole (so :contains can match across parts) plus each part of a
 * HumanName or Address, because FHIR's default string match is "starts with" on any part.
 */
function searchableStrings(values: TypedValue[]): Set<string> {
  const result = new Set(convertToSearchableStrings(values));
  for (const { type, value } of values) {
    if (type === PropertyType.HumanName) {
      const name = value as HumanName;
      for (const part of [
        name.text,
        name.family,
        ...(name.given ?? []),
        ...(name.prefix ?? []),
        ...(name.suffix ?? []),
      ]) {
        if (part) result.add(part);
      }
    } else if (type === PropertyType.Address) {
      const address = value as Address;
      for (const part of [
        address.text,
        ...(address.line ?? []),
        address.city,
        address.district,
        address.state,
        address.postalCode,
        address.country,
      ]) {
        if (part) result.add(part);
      }
    }
  }
  return result;
}

function addReferenceRows(param: number, values: TypedValue[], rid: number, rows: IndexRows): void {
  const push = (
    targetType: string | null,
    targetId: string | null,
    reference: string | null,
    system: string | null,
    value: string | null,
  ): void => {
    rows.reference.param.push(param);
    rows.reference.rid.push(rid);
    rows.reference.targetType.push(targetType);
    rows.reference.targetId.push(targetId);
    rows.reference.reference.push(reference);
    rows.reference.identifierSystem.push(system);
    rows.reference.identifierValue.push(value);
  };
  for (const { value } of values) {
    // A Reference with both a literal reference and an identifier is indexed for both kinds of search.
    const identifier = typeof value === 'object' ? value?.identifier : undefined;
    if (identifier && (identifier.system || identifier.value)) {
      push(null, null, null, identifier.system ?? null, identifier.value ?? null);
    }
  }
  for (const reference of convertToSearchableReferences(values)) {
    if (reference.startsWith('identifier:')) {
      continue;
    }
    const parsed = parseReference(reference);
    push(parsed?.type ?? null, parsed?.id ?? null, reference, null, null);
  }
}

function addCompositeRows(param: IndexedParam, elements: TypedValue[], rid: number, rows: IndexRows): void {
  const [first, second] = param.components ?? [];
  if (!first || !second) {
    return;
  }
  for (const element of elements) {
    // The second component first: most elements lack it (an Observation has one kind of value, a component
    // with an integer value has no quantity), and then the first needs no evaluating.
    const seconds = compositeSecondValues(second, evalComponent(second, element));
    if (seconds.length === 0) {
      continue;
    }
    const firstTokens = searchableTokens(evalComponent(first, element)).filter(hasCode);
    for (const token of firstTokens) {
      for (const c2 of seconds) {
        rows.composite.param.push(param.id);
        rows.composite.rid.push(rid);
        rows.composite.c1System.push(token.system);
        rows.composite.c1Value.push(token.value);
        rows.composite.c2System.push(c2.system);
        rows.composite.c2Value.push(c2.value);
        rows.composite.c2Number.push(c2.number);
        rows.composite.c2Unit.push(c2.unit);
        rows.composite.c2Low.push(c2.low);
        rows.composite.c2High.push(c2.high);
      }
    }
  }
}

function evalComponent(component: CompositeComponent, element: TypedValue): TypedValue[] {
  return component.evaluate([element]);
}

interface CompositeSecond {
  system: string | null;
  value: string | null;
  number: number | null;
  unit: string | null;
  low: string | null;
  high: string | null;
}

function compositeSecondValues(component: CompositeComponent, values: TypedValue[]): CompositeSecond[] {
  const none = { system: null, value: null, number: null, unit: null, low: null, high: null };
  switch (component.type) {
    case 'token':
      return searchableTokens(values)
        .filter(hasCode)
        .map((t) => ({ ...none, system: t.system, value: t.value }));
    case 'quantity':
      return convertToSearchableQuantities(values).map((q) => ({
        ...none,
        system: lowerOrNull(q.system),
        value: lowerOrNull(q.code ?? q.unit),
        number: q.value ?? null,
        unit: lowerOrNull(q.unit),
      }));
    case 'date':
      return convertToSearchableDates(values).map((p) => ({
        ...none,
        low: p.start ?? NEGATIVE_INFINITY,
        high: p.end ?? POSITIVE_INFINITY,
      }));
    case 'string':
      return convertToSearchableStrings(values).map((s) => ({ ...none, value: normalizeString(s) }));
    default:
      return [];
  }
}
