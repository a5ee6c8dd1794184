// Deleted resources keep their owners: over real HTTP, both databases, every role × every fixture after the
// administrator deleted some of them (a patient of practice B, clinical data of both practices, a
// practice-internal result, a referral Task). Read, vread, instance/type/system history and batch GETs of a
// deleted resource answer as its last version did; re-creating a deleted id needs the rights on it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ScopeSet } from '../../../server/src/access/scopes.ts';
import {
  DELETED_REFERENCES_TASK,
  restoreDeletedReferences,
} from '../../../server/src/store/write/deleted-references.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';
import {
  ceiling,
  FIXTURE_KEYS,
  FIXTURES,
  key,
  ROLES,
  type Role,
  storeFixtures,
  tokens,
  VISIBLE,
  WRITABLE,
  wideTokens,
} from './fixtures.ts';

const DELETED = [
  'Patient/m-pat-y',
  'Condition/m-cond-y',
  'Observation/m-obs-y',
  'Observation/m-cb-x',
  'Task/m-task-xp',
  'Condition/m-cond-x',
];
const ROLE_NAMES = Object.keys(ROLES) as Role[];
const CELLS = ROLE_NAMES.flatMap((role) => FIXTURE_KEYS.map((fixture) => [role, fixture] as const));
const TYPES = [...new Set(FIXTURES.map((r) => r.resourceType))];

/** The key a history entry stands for (a delete entry has no resource, only its request URL). */
const historyKey = (entry: { request?: { url?: string }; resource?: { resourceType: string; id?: string } }) =>
  entry.resource ? key(entry.resource) : (entry.request?.url as string);

describe.each(DATABASE_KINDS)('deleted resources keep their owners, on %s', (kind) => {
  const server = useTestServer(kind);
  let auth: Record<Role, string>;
  let wide: Record<Role, string>;
  const as = (role: Role, path: string, init: { method?: string; body?: unknown } = {}) =>
    fhirFetch(server, path, { ...init, headers: { authorization: auth[role] } });
  const mayRead = (role: Role, fixture: string) =>
    ScopeSet.parse(ROLES[role].scope).permits(fixture.split('/')[0], 'r');
  /** What a read of the current version answers: 410 to who could see it, as for any unknown id to others. */
  const readStatus = (role: Role, fixture: string): number => {
    if (!mayRead(role, fixture)) {
      return 403;
    }
    if (!VISIBLE[role].has(fixture)) {
      return 404;
    }
    return DELETED.includes(fixture) ? 410 : 200;
  };

  beforeAll(async () => {
    await storeFixtures(server);
    auth = await tokens(server);
    wide = await wideTokens(server);
    for (const fixture of DELETED) {
      expect((await fhirFetch(server, fixture, { method: 'DELETE' })).status).toBe(200);
    }
  });

  test.each(CELLS)('%s read of %s after the deletes: 410 only to who could see it', async (role, fixture) => {
    expect((await as(role, fixture)).status).toBe(readStatus(role, fixture));
  });

  test.each(CELLS)(
    '%s vread of version 1 and instance history of %s: as the last version decides',
    async (role, fixture) => {
      const expected = !mayRead(role, fixture) ? 403 : VISIBLE[role].has(fixture) ? 200 : 404;
      expect((await as(role, `${fixture}/_history/1`)).status).toBe(expected);
      const history = await as(role, `${fixture}/_history`);
      expect(history.status).toBe(expected);
    },
  );

  test.each(ROLE_NAMES)(
    '%s: type and system history hold only what the role could see, deletes included',
    async (role) => {
      for (const path of ['_history?_count=1000', ...TYPES.map((type) => `${type}/_history?_count=1000`)]) {
        const response = await as(role, path);
        if (response.status === 403) {
          expect(mayRead(role, path.split('/')[0])).toBe(false);
          continue;
        }
        expect(response.status).toBe(200);
        const keys = (response.body.entry ?? []).map(historyKey) as string[];
        const leaked = keys.filter((k) => FIXTURE_KEYS.includes(k) && !VISIBLE[role].has(k));
        expect(leaked, `${role} saw ${leaked.join(', ')} in ${path}`).toEqual([]);
      }
    },
  );

  test('GP B still reads the records of its deleted patient and sees the delete in its history; GP A does not', async () => {
    expect((await as('gpB', 'Encounter/m-enc-y')).status).toBe(200);
    const history = await as('gpB', 'Patient/m-pat-y/_history');
    expect(history.body.entry.map((e: { request: { method: string } }) => e.request.method)).toEqual([
      'DELETE',
      'POST',
    ]);
    const condition = await as('gpA', 'Condition/_history?_count=1000');
    expect(condition.body.entry.map(historyKey)).not.toContain('Condition/m-cond-y');
  });

  test.each(ROLE_NAMES)('%s: a batch GET of every fixture answers each entry as the direct read', async (role) => {
    const response = await as(role, '', {
      method: 'POST',
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: FIXTURE_KEYS.map((url) => ({ request: { method: 'GET', url } })),
      },
    });
    expect(response.status).toBe(200);
    const statuses = response.body.entry.map((e: { response: { status: string } }) =>
      Number(e.response.status.slice(0, 3)),
    );
    expect(statuses).toEqual(FIXTURE_KEYS.map((fixture) => readStatus(role, fixture)));
  });

  test.each(ROLE_NAMES.flatMap((role) => DELETED.map((fixture) => [role, fixture] as const)))(
    '%s re-creating the deleted %s: only with the rights on its last version',
    async (role, fixture) => {
      const last = (await fhirFetch(server, `${fixture}/_history/1`)).body;
      const response = await fhirFetch(server, fixture, {
        method: 'PUT',
        body: last,
        headers: { authorization: wide[role] },
      });
      // A re-create is an update of the last version and a create: the ceiling needs both.
      const rights = ceiling(role, fixture.split('/')[0]);
      const allowed = WRITABLE[role].has(fixture) && rights.includes('c') && rights.includes('u');
      expect(response.status, JSON.stringify(response.body)).toBe(allowed ? 200 : 403);
      if (allowed) {
        // Put back as it was for the other tests: deleted again by the administrator.
        expect((await fhirFetch(server, fixture, { method: 'DELETE' })).status).toBe(200);
      }
    },
  );

  describe('a database whose deleted resources lost their references (written before migration 10)', () => {
    afterAll(async () => {
      await server.repo.sql.query('DELETE FROM pending_task');
    });

    test('gets them back once at start, and with them the access rule', async () => {
      const sql = server.repo.sql;
      await sql.query(`DELETE FROM idx_reference WHERE rid IN (SELECT rid FROM resource WHERE deleted)`);
      // Without its references a deleted Observation of Y looks like one of no patient: readable by all.
      expect((await as('gpA', 'Observation/m-obs-y')).status).toBe(410);
      await sql.query('INSERT INTO pending_task (name) VALUES ($1)', [DELETED_REFERENCES_TASK]);
      const restore = () => server.repo.withTransaction((repo) => restoreDeletedReferences(repo.sql, repo.registry));
      expect(await restore()).toBe(DELETED.length);
      expect(await restore()).toBe(0);
      expect((await as('gpA', 'Observation/m-obs-y')).status).toBe(404);
      expect((await as('gpB', 'Observation/m-obs-y')).status).toBe(410);
    });
  });
});
