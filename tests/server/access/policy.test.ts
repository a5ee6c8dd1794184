// The access policy's API on its own: what the scopes permit, when rows are limited at all, and the SQL
// condition it hands the store (run against a real database, with the matrix fixtures).
import { beforeAll, describe, expect, test } from 'vitest';
import type { AuthContext } from '../../../server/src/access/context.ts';
import { AccessPolicy } from '../../../server/src/access/policy.ts';
import { ScopeSet } from '../../../server/src/access/scopes.ts';
import { useTestServer } from '../../support/server.ts';
import { FIXTURE_KEYS, ROLES, type Role, storeFixtures, VISIBLE } from './fixtures.ts';

function authOf(claims: (typeof ROLES)[Role] | Record<string, string | undefined>): AuthContext {
  return {
    subject: claims.sub as string,
    clientId: claims.client_id as string,
    role: claims.target_role as AuthContext['role'],
    organization: claims.target_organization,
    patient: claims.patient,
    fhirUser: claims.fhirUser,
    scopes: ScopeSet.parse(claims.scope),
    tokenId: 'test',
    issuer: 'https://issuer.example',
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
  };
}

describe('AccessPolicy', () => {
  const server = useTestServer('pglite');
  const policy = (claims: Parameters<typeof authOf>[0]) => AccessPolicy.of(authOf(claims), server.repo.registry);

  beforeAll(() => storeFixtures(server));

  test('no token is the server itself: unrestricted, no condition, everything permitted', () => {
    const own = AccessPolicy.of(undefined, server.repo.registry);
    expect(own.restricted).toBe(false);
    expect(own.rowCondition('r', 'r', () => '$1')).toBeUndefined();
    expect(own.permits('StructureDefinition', 'd')).toBe(true);
  });

  test('a system token without organization and full scopes is unrestricted and binds no parameter', () => {
    const admin = policy({ sub: 'a', client_id: 'a', scope: 'system/*.cruds', target_role: 'system' });
    const bound: unknown[] = [];
    expect(admin.restricted).toBe(false);
    expect(admin.rowCondition('r', 's', (v) => `$${bound.push(v)}`)).toBeUndefined();
    expect(bound).toEqual([]);
  });

  test('definitional resources are read with any scope naming them, changed only with system/ scopes', () => {
    const gp = policy(ROLES.gpA);
    expect(gp.permits('ValueSet', 'r')).toBe(true);
    expect(gp.permits('ValueSet', 'u')).toBe(false);
    expect(() => gp.assertPermits('StructureDefinition', 'c')).toThrow(
      /Practice staff may not create StructureDefinition/,
    );
    expect(
      policy({ sub: 's', client_id: 's', scope: 'system/ValueSet.cu', target_role: 'system' }).permits('ValueSet', 'u'),
    ).toBe(true);
  });

  test('a token of an external server without TARGET claims reaches no row with user/ scopes', async () => {
    const external = policy({ sub: 'e', client_id: 'e', scope: 'user/*.rs' });
    expect(external.permits('Patient', 'r')).toBe(true);
    expect(await external.allowedKeys(server.repo.sql, FIXTURE_KEYS, 'r')).toEqual(new Set());
  });

  test('patient/ scopes without a patient claim reach no row', async () => {
    const noPatient = policy({
      sub: 'p',
      client_id: 'p',
      scope: 'patient/*.rs',
      target_role: 'gp',
      target_organization: 'm-prac-a',
    });
    expect(await noPatient.allowedKeys(server.repo.sql, FIXTURE_KEYS, 'r')).toEqual(new Set());
  });

  test.each(Object.keys(ROLES) as Role[])('allowedKeys for %s is exactly the VISIBLE table', async (role) => {
    expect(await policy(ROLES[role]).allowedKeys(server.repo.sql, FIXTURE_KEYS, 'r')).toEqual(VISIBLE[role]);
  });

  // Searches pick the plan by their shape (store/search/row-plan.ts): both must mean the same rule, for every
  // role, interaction and type of the matrix, deleted rows included.
  test.each(Object.keys(ROLES) as Role[])('the set and anchored plans select the same rows for %s', async (role) => {
    const types = [...new Set(FIXTURE_KEYS.map((k) => k.split('/')[0]))];
    for (const interaction of ['r', 's', 'u', 'd'] as const) {
      for (const type of types) {
        const rows = async (plan: 'set' | 'anchored') => {
          const params: unknown[] = [type];
          const condition = policy(ROLES[role]).rowCondition('r', interaction, (v) => `$${params.push(v)}`, type, plan);
          const result = await server.repo.sql.query<{ id: string }>(
            `SELECT r.id FROM resource r WHERE r.resource_type = $1${condition ? ` AND ${condition}` : ''} ORDER BY r.id`,
            params,
          );
          return result.map((row) => row.id);
        };
        const anchored = await rows('anchored');
        expect(anchored, `${role} ${interaction} ${type}`).toEqual(await rows('set'));
      }
    }
  });

  test('only practice users with user/ scopes see a whole practice (the search plan depends on it)', () => {
    const sees = (Object.keys(ROLES) as Role[]).filter((role) => policy(ROLES[role]).seesAPractice);
    expect(sees.sort()).toEqual(['gpA', 'gpB']);
    expect(policy({ ...ROLES.gpA, scope: 'launch patient/*.rs', patient: 'm-pat-x' }).seesAPractice).toBe(false);
  });

  test('a GP with patient/ scopes from an EHR launch sees the launch patient within its own practice only', async () => {
    const launch = { ...ROLES.gpA, scope: 'launch patient/*.rs', patient: 'm-pat-x' };
    const visible = await policy(launch).allowedKeys(server.repo.sql, FIXTURE_KEYS, 'r');
    expect([...visible].sort()).toEqual([...VISIBLE.patientX].sort());
    const elsewhere = await policy({ ...launch, patient: 'm-pat-y' }).allowedKeys(server.repo.sql, FIXTURE_KEYS, 'r');
    expect(elsewhere).toEqual(new Set());
  });

  test('assertRow answers 404 for a type the server does not know, without preparing a statement for it', async () => {
    const gp = policy({ ...ROLES.gpA, scope: 'user/*.cruds' });
    for (const type of ["Patient' OR TRUE --", 'Patient\\', 'Bogus', 'patient']) {
      await expect(gp.assertRow(server.repo.sql, type, 'm-pat-x', 'r')).rejects.toThrow(/Not found/);
    }
    await expect(gp.assertRow(server.repo.sql, 'Patient', 'm-pat-x', 'r')).resolves.toBeUndefined();
  });

  test('assertRow answers 404 for what the caller may not see, 403 for what a write would make of it', async () => {
    const gp = policy(ROLES.gpA);
    await expect(gp.assertRow(server.repo.sql, 'Patient', 'm-pat-y', 'r')).rejects.toThrow(/Not found/);
    await expect(gp.assertRow(server.repo.sql, 'Patient', 'm-pat-y', 'u', 'target')).rejects.toThrow(/is outside/);
    await expect(gp.assertRow(server.repo.sql, 'Patient', 'm-pat-y', 'u', 'result')).rejects.toThrow(
      /would be outside/,
    );
    await expect(gp.assertRow(server.repo.sql, 'Patient', 'm-pat-x', 'u')).resolves.toBeUndefined();
  });

  test('the role ceiling holds whatever the scopes: no directory writes for staff, few writes for patients', () => {
    const gp = policy(ROLES.gpA);
    for (const type of ['Organization', 'PractitionerRole', 'Practitioner', 'HealthcareService', 'Endpoint']) {
      expect(gp.permits(type, 'c')).toBe(false);
      expect(gp.permits(type, 'u')).toBe(false);
      expect(gp.permits(type, 'r')).toBe(true);
    }
    expect(gp.permits('Observation', 'd')).toBe(true);
    const patient = policy({ ...ROLES.patientX, scope: 'patient/*.cruds' });
    expect(patient.permits('QuestionnaireResponse', 'c')).toBe(true);
    expect(patient.permits('Goal', 'u')).toBe(true);
    expect(patient.permits('Goal', 'c')).toBe(false);
    expect(patient.permits('Condition', 'u')).toBe(false);
    expect(patient.permits('Encounter', 'd')).toBe(false);
    expect(patient.permits('Patient', 'u')).toBe(false);
    const partner = policy({ ...ROLES.partnerP, scope: 'user/*.cruds' });
    expect(partner.permits('Task', 'u')).toBe(true);
    expect(partner.permits('Task', 'c')).toBe(false);
    expect(partner.permits('ServiceRequest', 'c')).toBe(false);
    expect(partner.permits('Patient', 'u')).toBe(false);
  });
});
