// profiles/src/external.ts holds the external systems and fixed codings the FSH uses, because the generated
// canonical.ts has only our own canonicals. These tests tie every constant to the build: the aliases of
// aliases.fsh and the fixed/pattern values in the generated snapshots.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ExternalCodings, ExternalSystems, UcumUnits } from '../../profiles/src/external.ts';
import { TARGET_CANONICAL_BASE } from '../../profiles/src/generated/canonical.ts';
import { definitions } from './support.ts';

interface Coding {
  system?: string;
  code?: string;
  display?: string;
}
interface Element {
  id: string;
  path: string;
  patternCodeableConcept?: { coding?: Coding[] };
  patternCoding?: Coding;
  fixedUri?: string;
  fixedCode?: string;
}

const aliasFile = path.resolve(import.meta.dirname, '../../profiles/input/fsh/aliases.fsh');
const aliases = Object.fromEntries(
  [...readFileSync(aliasFile, 'utf8').matchAll(/^Alias:\s*\$(\S+)\s*=\s*(\S+)\s*$/gm)].map((m) => [m[1], m[2]]),
);

const elements = definitions
  .filter((d) => d.resourceType === 'StructureDefinition')
  .flatMap((d) => ((d.snapshot as { element: Element[] }).element ?? []).map((e) => ({ sd: d.id, ...e })));

const external = (system: string | undefined) => !!system && !system.startsWith(`${TARGET_CANONICAL_BASE}/`);

/** Every external coding a profile fixes by pattern, with where. */
const fixedCodings = elements.flatMap((e) => {
  const codings = [...(e.patternCodeableConcept?.coding ?? []), ...(e.patternCoding ? [e.patternCoding] : [])];
  return codings.filter((c) => external(c.system)).map((coding) => ({ where: `${e.sd} ${e.id}`, coding }));
});

describe('external systems and codes', () => {
  test('ExternalSystems are exactly the aliases of aliases.fsh', () => {
    expect({ ...ExternalSystems }).toStrictEqual(aliases);
  });

  test.each(fixedCodings)('the pattern at $where is an ExternalCodings entry', ({ coding }) => {
    expect(Object.values(ExternalCodings)).toContainEqual(coding);
  });

  test.each(Object.entries(ExternalCodings))('ExternalCodings.%s is a pattern of some profile', (_name, coding) => {
    expect(fixedCodings.map((f) => f.coding)).toContainEqual(coding);
  });

  test('every fixed external URI is an ExternalSystems entry', () => {
    const uris = elements.flatMap((e) =>
      typeof e.fixedUri === 'string' && e.fixedUri.includes(':') ? [e.fixedUri] : [],
    );
    const outside = uris.filter((uri) => external(uri) && !uri.startsWith('http://hl7.org/fhir/StructureDefinition/'));
    expect(outside.length).toBeGreaterThan(0);
    for (const uri of outside) {
      expect(Object.values(ExternalSystems)).toContain(uri);
    }
  });

  test('UcumUnits are exactly the profiles fixed Quantity units', () => {
    const units = elements.filter((e) => e.path === 'Observation.value[x].code' && e.fixedCode).map((e) => e.fixedCode);
    expect(new Set(units)).toStrictEqual(new Set(Object.values(UcumUnits)));
  });
});
