// SMART scopes, v2 and v1: what each grants, and what is ignored (unknown, malformed, granular queries).
import { describe, expect, test } from 'vitest';
import { parseResourceScope, ScopeSet } from '../../../server/src/access/scopes.ts';

describe('SMART scopes', () => {
  test.each([
    ['patient/Observation.rs', 'patient', 'Observation', 'rs'],
    ['user/*.cruds', 'user', '*', 'cruds'],
    ['system/Task.u', 'system', 'Task', 'u'],
    ['user/Patient.cud', 'user', 'Patient', 'cud'],
    ['patient/*.read', 'patient', '*', 'rs'],
    ['user/Observation.write', 'user', 'Observation', 'cud'],
    ['system/*.*', 'system', '*', 'cruds'],
  ])('%s grants %s/%s.%s', (text, context, resourceType, letters) => {
    const scope = parseResourceScope(text);
    expect(scope).toMatchObject({ context, resourceType, text });
    expect([...(scope?.interactions ?? [])].sort().join('')).toBe(letters.split('').sort().join(''));
  });

  test.each([
    'patient/Observation.sr', // v2 letters out of order
    'patient/Observation.rr',
    'patient/Observation.x',
    'patient/Observation.',
    'clinician/Observation.rs',
    'patient/observation.rs',
    'patient/Observation.rs?category=laboratory', // granular: cannot be honoured, so not granted
    'Observation.rs',
    'patient/Observation',
  ])('ignores %s', (text) => {
    expect(parseResourceScope(text)).toBeUndefined();
    const set = ScopeSet.parse(`openid ${text}`);
    expect(set.resourceScopes).toEqual([]);
    expect(set.ignored).toEqual([text]);
  });

  test('keeps launch and identity scopes apart from resource scopes', () => {
    const set = ScopeSet.parse('openid fhirUser launch launch/patient offline_access patient/*.rs');
    expect([...set.otherScopes].sort()).toEqual(['fhirUser', 'launch', 'launch/patient', 'offline_access', 'openid']);
    expect(set.has('launch/patient')).toBe(true);
    expect(set.has('patient/*.rs')).toBe(true);
    expect(set.has('user/*.rs')).toBe(false);
  });

  test('permits exactly the granted interactions on the granted types, per context', () => {
    const set = ScopeSet.parse('patient/Observation.rs user/Task.u system/Group.c');
    expect(set.permits('Observation', 'r')).toBe(true);
    expect(set.permits('Observation', 's')).toBe(true);
    expect(set.permits('Observation', 'c')).toBe(false);
    expect(set.permits('Condition', 'r')).toBe(false);
    expect(set.permits('Task', 'u')).toBe(true);
    expect(set.permits('Task', 'r')).toBe(false);
    expect(set.permits('Observation', 'r', 'user')).toBe(false);
    expect(set.permits('Group', 'c', 'system')).toBe(true);
    expect([...set.contextsFor('Observation', 's')]).toEqual(['patient']);
  });

  test('wildcards cover every type; v1 read covers read and search, write covers create, update, delete', () => {
    const set = ScopeSet.parse('user/*.read patient/Observation.write');
    expect(set.permits('Encounter', 'r')).toBe(true);
    expect(set.permits('Encounter', 's')).toBe(true);
    expect(set.permits('Encounter', 'u')).toBe(false);
    expect(set.typesFor('user', 'r')).toBe('*');
    expect(set.typesFor('patient', 'c')).toEqual(['Observation']);
    expect(set.typesFor('patient', 'r')).toEqual([]);
    expect(set.permits('Observation', 'd', 'patient')).toBe(true);
  });

  test('an empty or absent scope grants nothing', () => {
    expect(ScopeSet.parse(undefined).permits('Patient', 'r')).toBe(false);
    expect(ScopeSet.parse('   ').resourceScopes).toEqual([]);
  });

  test('toString lists the understood scopes only', () => {
    expect(ScopeSet.parse('openid bogus patient/Patient.rs').toString()).toBe('openid patient/Patient.rs');
  });
});
