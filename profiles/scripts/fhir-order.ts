// Orders the keys of FHIR JSON as the R4 specification lists the elements (resourceType, id, meta, …,
// extension, then the resource's own elements), so SUSHI's instances read like any FHIR example: SUSHI
// writes the values it fixes itself (intent, category, …) first. Only key order changes, never content.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { medplumR4Dir } from './paths.ts';

interface ElementDefinition {
  path: string;
  type?: { code: string }[];
  contentReference?: string;
}

interface ElementInfo {
  name: string;
  /** Type codes, or the path of a backbone element whose children are listed under that path. */
  types: string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

let cachedOrder: Map<string, ElementInfo[]> | undefined;

/** Element order per type name and per backbone element path, from the R4 StructureDefinitions. */
function elementOrder(): Map<string, ElementInfo[]> {
  if (cachedOrder) {
    return cachedOrder;
  }
  const order = new Map<string, ElementInfo[]>();
  for (const file of ['profiles-types.json', 'profiles-resources.json']) {
    const bundle = JSON.parse(readFileSync(path.join(medplumR4Dir, file), 'utf8')) as {
      entry: { resource: { resourceType: string; derivation?: string; snapshot?: { element: ElementDefinition[] } } }[];
    };
    for (const { resource } of bundle.entry) {
      if (resource.resourceType !== 'StructureDefinition' || resource.derivation !== 'specialization') {
        continue;
      }
      const elements = resource.snapshot?.element ?? [];
      const hasChildren = new Set(elements.map((e) => e.path.slice(0, e.path.lastIndexOf('.'))));
      for (const element of elements.slice(1)) {
        const parent = element.path.slice(0, element.path.lastIndexOf('.'));
        const name = element.path.slice(parent.length + 1);
        const types = element.contentReference
          ? [element.contentReference.slice(element.contentReference.indexOf('#') + 1)]
          : hasChildren.has(element.path)
            ? [element.path]
            : (element.type ?? []).map((t) => t.code);
        const siblings = order.get(parent) ?? [];
        siblings.push({ name, types });
        order.set(parent, siblings);
      }
    }
  }
  cachedOrder = order;
  return order;
}

function capitalize(type: string): string {
  return type.charAt(0).toUpperCase() + type.slice(1);
}

/** The keys of `value` that belong to `info`, and the type of each. */
function keysFor(info: ElementInfo, value: { [key: string]: Json }): [key: string, type: string | undefined][] {
  if (!info.name.endsWith('[x]')) {
    return [
      [info.name, info.types.length === 1 ? info.types[0] : undefined],
      [`_${info.name}`, 'Element'],
    ];
  }
  const base = info.name.slice(0, -3);
  return info.types
    .flatMap((type): [string, string][] => [
      [`${base}${capitalize(type)}`, type],
      [`_${base}${capitalize(type)}`, 'Element'],
    ])
    .filter(([key]) => key in value);
}

function orderValue(value: Json, type: string | undefined): Json {
  if (Array.isArray(value)) {
    return value.map((item) => orderValue(item, type));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const ownType = typeof value.resourceType === 'string' ? value.resourceType : type;
  const elements = ownType ? elementOrder().get(ownType) : undefined;
  if (!elements) {
    return value;
  }
  const ordered: { [key: string]: Json } = {};
  if ('resourceType' in value) {
    ordered.resourceType = value.resourceType;
  }
  for (const info of elements) {
    for (const [key, childType] of keysFor(info, value)) {
      if (key in value) {
        ordered[key] = orderValue(value[key], childType);
      }
    }
  }
  for (const key of Object.keys(value)) {
    if (!(key in ordered)) {
      ordered[key] = value[key];
    }
  }
  return ordered;
}

/** A copy of `resource` with its keys (at every level) in specification order. */
export function inSpecificationOrder<T>(resource: T): T {
  return orderValue(resource as Json, undefined) as T;
}
