// Generates profiles/src/generated/canonical.ts: every canonical URL of the package and the codes of our
// CodeSystems as `as const` objects, so no TypeScript file ever spells a TARGET URL or code by hand.
// The output is already in Biome's format (the staleness check compares bytes).
import type { FhirResource } from './fhir-package.ts';

interface ConceptProperty {
  code: string;
  valueCode?: string;
  valueCoding?: { code?: string };
  valueString?: string;
  valueBoolean?: boolean;
  valueInteger?: number;
  valueDecimal?: number;
}

interface Concept {
  code: string;
  display?: string;
  concept?: Concept[];
  property?: ConceptProperty[];
}

interface QuestionnaireItem {
  linkId: string;
  item?: QuestionnaireItem[];
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function str(value: string): string {
  if (value.includes("'") && !value.includes('"')) {
    return JSON.stringify(value);
  }
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;
}

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : str(name);
}

/** `key: value,` at `indent`, broken after the colon when longer than Biome's line width (120), as Biome does. */
function prop(indent: number, name: string, value: string): string {
  const pad = ' '.repeat(indent);
  const line = `${pad}${key(name)}: ${value},`;
  return line.length <= 120 ? line : `${pad}${key(name)}:\n${pad}  ${value},`;
}

function byName(resources: FhirResource[]): FhirResource[] {
  return [...resources].sort((a, b) => String(a.name).localeCompare(String(b.name), 'en'));
}

function urlMap(title: string, exportName: string, resources: FhirResource[]): string {
  const lines = byName(resources).map((r) => prop(2, String(r.name), str(String(r.url))));
  const body = lines.length > 0 ? `{\n${lines.join('\n')}\n}` : '{}';
  return `/** ${title}, by name. */\nexport const ${exportName} = ${body} as const;\n`;
}

function flatten(concepts: Concept[] | undefined): Concept[] {
  return (concepts ?? []).flatMap((c) => [c, ...flatten(c.concept)]);
}

function linkIds(items: QuestionnaireItem[] | undefined): string[] {
  return (items ?? []).flatMap((item) => [item.linkId, ...linkIds(item.item)]);
}

type PropertyValue = string | number | boolean;

function propertyValue(p: ConceptProperty): PropertyValue {
  const value =
    p.valueCode ?? p.valueCoding?.code ?? p.valueString ?? p.valueBoolean ?? p.valueInteger ?? p.valueDecimal;
  if (value === undefined) {
    throw new Error(`Concept property ${p.code} has no value the canonical module can show`);
  }
  return value;
}

function literal(value: PropertyValue): string {
  return typeof value === 'string' ? str(value) : String(value);
}

/** `property code → concept code → value(s)`: a scalar when no concept repeats the property. */
function propertyLines(concepts: Concept[]): string[] {
  const propertyCodes = [...new Set(concepts.flatMap((c) => (c.property ?? []).map((p) => p.code)))];
  const lines: string[] = [];
  for (const propertyCode of propertyCodes) {
    const values = concepts.map((c) => ({
      code: c.code,
      values: (c.property ?? []).filter((p) => p.code === propertyCode).map(propertyValue),
    }));
    const repeats = values.some((v) => v.values.length > 1);
    lines.push(`    ${key(propertyCode)}: {`);
    for (const { code, values: vs } of values.filter((v) => v.values.length > 0)) {
      const prefix = `      ${key(code)}: `;
      if (!repeats) {
        lines.push(prop(6, code, literal(vs[0])));
        continue;
      }
      const oneLine = `${prefix}[${vs.map(literal).join(', ')}],`;
      lines.push(
        oneLine.length <= 120
          ? oneLine
          : [`${prefix}[`, ...vs.map((v) => `        ${literal(v)},`), '      ],'].join('\n'),
      );
    }
    lines.push('    },');
  }
  return lines;
}

function codeSystemBlock(cs: FhirResource): string {
  const concepts = flatten(cs.concept as Concept[] | undefined);
  const codes = concepts.map((c) => prop(4, c.code, str(c.display ?? c.code)));
  const properties = propertyLines(concepts);
  return [
    `/** CodeSystem ${cs.name} (${cs.title}): url, code → display${properties.length ? ', concept properties' : ''}. */`,
    `export const ${cs.name} = {`,
    prop(2, 'url', str(String(cs.url))),
    '  codes: {',
    ...codes,
    '  },',
    ...(properties.length ? ['  properties: {', ...properties, '  },'] : []),
    '} as const;',
    `export type ${String(cs.name).replace(/CodeSystem$/, '')}Code = keyof (typeof ${cs.name})['codes'];`,
    '',
  ].join('\n');
}

function questionnaireBlock(q: FhirResource): string {
  const ids = linkIds(q.item as QuestionnaireItem[] | undefined).map((id) => `    ${str(id)},`);
  return [
    `/** Questionnaire ${q.name}: url, version and every item linkId in document order. */`,
    `export const ${q.name} = {`,
    prop(2, 'url', str(String(q.url))),
    ...(q.version ? [prop(2, 'version', str(String(q.version)))] : []),
    '  linkIds: [',
    ...ids,
    '  ],',
    '} as const;',
    '',
  ].join('\n');
}

interface ConceptMapGroup {
  source: string;
  target: string;
  element: { code: string; target?: { code: string; equivalence: string }[] }[];
}

/** A ConceptMap read backwards: per target system, target code → the [source code, equivalence] pairs. */
function conceptMapBlock(cm: FhirResource): string {
  const bySystem = new Map<string, Map<string, [string, string][]>>();
  for (const group of (cm.group ?? []) as ConceptMapGroup[]) {
    const codes = bySystem.get(group.target) ?? new Map<string, [string, string][]>();
    bySystem.set(group.target, codes);
    for (const element of group.element) {
      for (const target of element.target ?? []) {
        codes.set(target.code, [...(codes.get(target.code) ?? []), [element.code, target.equivalence]]);
      }
    }
  }
  const systems = [...bySystem].flatMap(([system, codes]) => [
    `    ${str(system)}: {`,
    ...[...codes].map(([code, sources]) =>
      prop(6, code, `[${sources.map(([source, eq]) => `[${str(source)}, ${str(eq)}]`).join(', ')}]`),
    ),
    '    },',
  ]);
  return [
    `/** ConceptMap ${cm.name}: url; per target system, target code → [source code, equivalence] pairs. */`,
    `export const ${cm.name} = {`,
    prop(2, 'url', str(String(cm.url))),
    '  byTargetSystem: {',
    ...systems,
    '  },',
    '} as const;',
    '',
  ].join('\n');
}

export interface CanonicalModuleInput {
  canonical: string;
  packageName: string;
  packageVersion: string;
  definitions: FhirResource[];
}

export function renderCanonicalModule({
  canonical,
  packageName,
  packageVersion,
  definitions,
}: CanonicalModuleInput): string {
  const of = (type: string) => definitions.filter((r) => r.resourceType === type);
  const structureDefinitions = of('StructureDefinition');
  const extensions = structureDefinitions.filter((sd) => sd.type === 'Extension');
  const profiles = structureDefinitions.filter((sd) => sd.type !== 'Extension');
  const codeSystems = byName(of('CodeSystem'));
  const questionnaires = byName(of('Questionnaire'));
  return [
    '// GENERATED by profiles/scripts/build.ts from profiles/input/fsh — do not edit; run `npm run profiles`.',
    '',
    `export const TARGET_CANONICAL_BASE = ${str(canonical)};`,
    `export const TARGET_PACKAGE = { name: ${str(packageName)}, version: ${str(packageVersion)} } as const;`,
    '',
    urlMap('Profiles (StructureDefinitions constraining a resource)', 'Profiles', profiles),
    urlMap('Extensions (StructureDefinitions of type Extension)', 'Extensions', extensions),
    urlMap('ValueSets', 'ValueSets', of('ValueSet')),
    urlMap('CodeSystems', 'CodeSystems', codeSystems),
    urlMap('ConceptMaps', 'ConceptMaps', of('ConceptMap')),
    urlMap('Questionnaires', 'Questionnaires', questionnaires),
    urlMap('OperationDefinitions', 'OperationDefinitions', of('OperationDefinition')),
    ...codeSystems.map(codeSystemBlock),
    ...questionnaires.map(questionnaireBlock),
    ...byName(of('ConceptMap')).map(conceptMapBlock),
  ]
    .join('\n')
    .replace(/\n+$/, '\n');
}
