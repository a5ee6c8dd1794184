import { createHash } from 'node:crypto';
import type { Reference, Resource } from '@medplum/fhirtypes';
import { describe, expect, test } from 'vitest';
import { type DemoOptions, generateDemo } from '../../../server/src/demo/generate.ts';
import { getServerValidator } from '../../../server/src/store/validation/validation.ts';

const SMALL: DemoOptions = { patients: 400, practices: 2, seed: 1, referenceDate: '2025-06-30' };

function digest(options: DemoOptions): { hash: string; count: number } {
  const hash = createHash('sha256');
  let count = 0;
  for (const resource of generateDemo(options)) {
    hash.update(JSON.stringify(resource));
    count++;
  }
  return { hash: hash.digest('hex'), count };
}

/** Every `reference` string anywhere inside a resource. */
function references(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) references(item, found);
  } else if (value && typeof value === 'object') {
    const reference = (value as Reference).reference;
    if (typeof reference === 'string') found.push(reference);
    for (const child of Object.values(value)) references(child, found);
  }
  return found;
}

describe('generateDemo', () => {
  test('gives the same resources with the same ids in the same order for the same options', () => {
    expect(digest(SMALL)).toEqual(digest({ ...SMALL }));
  });

  test('gives other people and other ids for another seed or another reference date', () => {
    const first = [...generateDemo(SMALL)];
    const otherSeed = [...generateDemo({ ...SMALL, seed: 2 })];
    expect(otherSeed[0].id).not.toBe(first[0].id);
    expect(digest({ ...SMALL, seed: 2 }).hash).not.toBe(digest(SMALL).hash);
    expect(digest({ ...SMALL, referenceDate: '2025-07-01' }).hash).not.toBe(digest(SMALL).hash);
  });

  test('emits unique ids and every reference after the resource it points to', () => {
    const seen = new Set<string>();
    for (const resource of generateDemo(SMALL)) {
      for (const reference of references(resource)) {
        expect(seen.has(reference), `${resource.resourceType}/${resource.id} → ${reference}`).toBe(true);
      }
      const key = `${resource.resourceType}/${resource.id}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });

  test('emits per practice one Organization, ~1 GP per 2,300 patients and the four practice roles', () => {
    const resources = [...generateDemo({ patients: 5000, practices: 1, seed: 4, referenceDate: '2025-06-30' })];
    const roles = resources.filter((r) => r.resourceType === 'PractitionerRole');
    const codes = roles.map((r) => (r as { code: { coding: { code: string }[] }[] }).code[0].coding[0].code);
    expect(resources.filter((r) => r.resourceType === 'Organization')).toHaveLength(1);
    expect(codes.filter((c) => c === 'gp')).toHaveLength(2);
    expect(new Set(codes)).toEqual(new Set(['gp', 'practice-nurse', 'practice-nurse-mental-health', 'assistant']));
    expect(resources.filter((r) => r.resourceType === 'Practitioner')).toHaveLength(roles.length);
    expect(resources.filter((r) => r.resourceType === 'Patient')).toHaveLength(5000);
  });

  test.each<[string, Partial<DemoOptions>]>([
    ['no patients', { patients: 0 }],
    ['more practices than patients', { patients: 3, practices: 4 }],
    ['a fractional seed', { seed: 1.5 }],
    ['an impossible date', { referenceDate: '2025-02-30' }],
    ['a date in another format', { referenceDate: '30-06-2025' }],
  ])('refuses %s', (_name, change) => {
    expect(() => generateDemo({ ...SMALL, ...change }).next()).toThrow();
  });

  test('every resource it emits passes the server validator, profiles included', () => {
    const validator = getServerValidator();
    const failures: { resource: string; issues: unknown }[] = [];
    let count = 0;
    for (const resource of generateDemo({ patients: 500, practices: 1, seed: 9, referenceDate: '2024-10-27' })) {
      count++;
      const issues = validator.validate(resource as Resource);
      if (issues.length > 0) failures.push({ resource: `${resource.resourceType}/${resource.id}`, issues });
    }
    // About ten resources per patient; the exact number follows the random draws, which read the starter map.
    expect(count).toBeGreaterThan(4500);
    expect(failures).toEqual([]);
  });
});
