import { expect, test } from 'vitest';
import { grantedScopes } from '../../../smart-app/src/launch/session.ts';

test('granted scopes read as the servers read them: v2 permissions, v1 read/write, launch and OIDC scopes', () => {
  const v2 = grantedScopes({ scope: 'openid fhirUser launch/patient offline_access user/*.rs user/Task.cu' });
  expect(v2.permits('Patient', 'r')).toBe(true);
  expect(v2.permits('Patient', 'c')).toBe(false);
  expect(v2.permits('Task', 'c')).toBe(true);
  expect(v2.has('offline_access')).toBe(true);
  expect(v2.has('launch/patient')).toBe(true);
  const v1 = grantedScopes({ scope: 'patient/*.read user/Observation.write' });
  expect(v1.permits('Observation', 'c', 'user')).toBe(true);
  expect(v1.permits('Observation', 'c', 'patient')).toBe(false);
  expect(v1.permits('Condition', 's', 'patient')).toBe(true);
});
