import { describe, expect, test } from 'vitest';
import {
  logicalReference,
  refersTo,
  sameResource,
  versionSpecificReference,
} from '../../../profiles/src/builders/references.ts';
import { readFailure } from './support.ts';

describe('references of the conversation record', () => {
  test.each([
    ['relative', 'Patient/p1', { resourceType: 'Patient', id: 'p1' }],
    ['absolute', 'https://ehr.example/fhir/Patient/p1', { resourceType: 'Patient', id: 'p1' }],
    ['version-specific', 'Observation/cb-1/_history/3', { resourceType: 'Observation', id: 'cb-1', version: '3' }],
    [
      'absolute and version-specific',
      'https://ehr.example/fhir/Observation/cb-1/_history/3',
      { resourceType: 'Observation', id: 'cb-1', version: '3' },
    ],
  ])('reads the logical target of a %s reference', (_form, reference, expected) => {
    expect(logicalReference(reference)).toEqual(expected);
  });

  test.each(['#contained', 'urn:uuid:0c3f4a8e-4c1f-4c53-9b57-2c2d1d6a1f00', 'Patient?identifier=x', ''])(
    'has no logical target for %j',
    (reference) => {
      expect(logicalReference(reference)).toBeUndefined();
    },
  );

  test('the same patient written relative, absolute or version-specific is the same resource', () => {
    const relative = { reference: 'Patient/p1' };
    expect(sameResource(relative, { reference: 'https://ehr.example/fhir/Patient/p1' })).toBe(true);
    expect(sameResource(relative, { reference: 'Patient/p1/_history/2' })).toBe(true);
    expect(sameResource(relative, { reference: 'Patient/p12' })).toBe(false);
    expect(sameResource(relative, { reference: 'RelatedPerson/p1' })).toBe(false);
    expect(sameResource(relative, { display: 'Truus' })).toBe(false);
  });

  test('names a stored resource by its version', () => {
    expect(versionSpecificReference({ resourceType: 'Observation', id: 'cb-1', meta: { versionId: '4' } })).toEqual({
      reference: 'Observation/cb-1/_history/4',
    });
  });

  test('refuses a version-specific reference to a resource that was not stored', () => {
    expect(readFailure(() => versionSpecificReference({ resourceType: 'Observation', id: 'cb-1' }))).toEqual({
      code: 'missing',
      path: 'Observation.meta.versionId',
    });
  });

  test('tells the type a reference names', () => {
    expect(refersTo({ reference: 'https://ehr.example/fhir/PractitionerRole/r1' }, 'PractitionerRole')).toBe(true);
    expect(refersTo({ reference: 'Practitioner/r1' }, 'PractitionerRole')).toBe(false);
    expect(refersTo(undefined, 'PractitionerRole')).toBe(false);
  });
});
