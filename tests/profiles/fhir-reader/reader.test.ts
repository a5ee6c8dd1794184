import type { Bundle, Encounter, FhirResource, Patient, Practitioner } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  MAX_SEARCH_PAGES,
  matchesOf,
  nextPageUrl,
  parseLocalReference,
  resourcesOf,
  searchAll,
} from '../../../profiles/src/fhir-reader/reader.ts';
import { MemoryReader } from './memory-reader.ts';

describe('local references', () => {
  test.each([
    ['Patient/p-1', { resourceType: 'Patient', id: 'p-1' }],
    ['Basic/settings.1/_history/4', { resourceType: 'Basic', id: 'settings.1', version: '4' }],
  ])('%s is read as its parts', (reference, parts) => {
    expect(parseLocalReference(reference)).toEqual(parts);
  });

  test.each([
    'https://elsewhere.example/fhir/Patient/1',
    '#contained',
    'Patient?identifier=x',
    'patient/1',
    'Patient/',
    'Patient/a b',
    'Patient/1/_history/',
  ])('%s is not a reference to read', (reference) => {
    expect(parseLocalReference(reference)).toBeUndefined();
  });
});

const patient: Patient = { resourceType: 'Patient', id: 'p1' };
const gp: Practitioner = { resourceType: 'Practitioner', id: 'gp' };
const page: Bundle<FhirResource> = {
  resourceType: 'Bundle',
  type: 'searchset',
  link: [
    { relation: 'self', url: 'https://fhir.example/Patient?_count=1' },
    { relation: 'next', url: 'https://fhir.example/Patient?_count=1&_offset=1' },
  ],
  entry: [
    { resource: patient, search: { mode: 'match' } },
    { resource: { ...patient, id: 'p2' } },
    { resource: gp, search: { mode: 'include' } },
    { resource: { ...patient, id: 'p3' }, search: { mode: 'include' } },
    { resource: { resourceType: 'OperationOutcome', issue: [] }, search: { mode: 'outcome' } },
  ],
};

describe('a searchset page', () => {
  test('has as matches the entries marked match or unmarked, of the searched type', () => {
    expect(matchesOf<Patient>(page, 'Patient').map((p) => p.id)).toEqual(['p1', 'p2']);
  });

  test('has every resource of a type among its resources, included ones too', () => {
    expect(resourcesOf<Patient>(page, 'Patient').map((p) => p.id)).toEqual(['p1', 'p2', 'p3']);
    expect(resourcesOf<Practitioner>(page, 'Practitioner')).toEqual([gp]);
  });

  test('names its next page by the next link', () => {
    expect(nextPageUrl(page)).toBe('https://fhir.example/Patient?_count=1&_offset=1');
    expect(nextPageUrl({ ...page, link: [] })).toBeUndefined();
  });
});

function encounters(n: number): Encounter[] {
  return Array.from({ length: n }, (_, i) => ({
    resourceType: 'Encounter',
    id: `e${i}`,
    status: 'finished',
    class: { code: 'AMB' },
    subject: { reference: 'Patient/p1' },
  }));
}

describe('searchAll', () => {
  test('follows the next links until the last page and returns every match', async () => {
    const reader = new MemoryReader(encounters(5));
    const found = await searchAll<Encounter>(reader, 'Encounter', { subject: 'Patient/p1', _count: '2' });
    expect(found.map((e) => e.id)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    expect(reader.requests.map((r) => r.kind)).toEqual(['search', 'page', 'page']);
  });

  test('asks for pages of 1000 unless told otherwise', async () => {
    const reader = new MemoryReader(encounters(1));
    await searchAll(reader, 'Encounter', { subject: 'Patient/p1' });
    expect(reader.searches()).toEqual(['Encounter?_count=1000&subject=Patient%2Fp1']);
  });

  test(`refuses to follow more than ${MAX_SEARCH_PAGES} pages`, async () => {
    const reader = new MemoryReader(encounters(MAX_SEARCH_PAGES + 1));
    await expect(searchAll(reader, 'Encounter', { _count: '1' })).rejects.toThrow(
      `Encounter search: more than ${MAX_SEARCH_PAGES} pages of results`,
    );
  });
});
