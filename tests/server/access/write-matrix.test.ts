// The write side of the access-control matrix over real HTTP, both databases: every role, holding the widest
// scopes its kind of client could get (`patient/*.cruds`, `user/*.cruds`), × every fixture × update, patch,
// delete and create, directly and inside batch and transaction Bundles. Expected answers follow from one
// table (fixtures.ts: the role ceiling, VISIBLE and WRITABLE); a refused write changes nothing.
import type { Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';
import {
  expectedWrite,
  FIXTURE_KEYS,
  FIXTURES,
  key,
  ROLES,
  type Role,
  requestAs,
  storeFixtures,
  versionCount,
  WRITABLE,
  wideTokens,
} from './fixtures.ts';

const ROLE_NAMES = Object.keys(ROLES) as Role[];
const CELLS = ROLE_NAMES.flatMap((role) => FIXTURE_KEYS.map((fixture) => [role, fixture] as const));
const NO_OP_PATCH = (id: string) => [{ op: 'test', path: '/id', value: id }];

describe.each(DATABASE_KINDS)('access-control matrix, every write, on %s', (kind) => {
  const server = useTestServer(kind);
  let auth: Record<Role, string>;
  const as = requestAs(server, () => auth);
  const versions = () => versionCount(server);
  const current = async (fixture: string): Promise<Resource> => (await fhirFetch(server, fixture)).body;
  const expectRefusal = (response: { status: number; body: unknown }, status: number) => {
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: status === 404 ? 'not-found' : 'forbidden' }],
    });
  };

  beforeAll(async () => {
    await storeFixtures(server);
    auth = await wideTokens(server);
  });

  test.each(CELLS)(
    '%s PUT of %s (same content): as the table says, nothing written when refused',
    async (role, fixture) => {
      const expected = expectedWrite(role, fixture, 'u', 'PUT');
      const before = await versions();
      const response = await as(role, fixture, { method: 'PUT', body: await current(fixture) });
      if (expected === 0) {
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        expect(await versions()).toBe(before + 1);
      } else {
        expectRefusal(response, expected);
        expect(await versions()).toBe(before);
      }
    },
  );

  test.each(CELLS)('%s PATCH of %s (no-op): as the table says, nothing written when refused', async (role, fixture) => {
    const expected = expectedWrite(role, fixture, 'u', 'PATCH');
    const before = await versions();
    const response = await as(role, fixture, {
      method: 'PATCH',
      body: NO_OP_PATCH(fixture.split('/')[1]),
      headers: { 'content-type': 'application/json-patch+json' },
    });
    if (expected === 0) {
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    } else {
      expectRefusal(response, expected);
      expect(await versions()).toBe(before);
    }
  });

  // A stale If-Match makes an allowed delete answer 412 after the access check, so the fixture stays.
  test.each(CELLS)(
    '%s DELETE of %s: allowed ones reach the version check (412), others are refused',
    async (role, fixture) => {
      const expected = expectedWrite(role, fixture, 'd', 'DELETE');
      const before = await versions();
      const response = await as(role, fixture, { method: 'DELETE', headers: { 'if-match': 'W/"999"' } });
      if (expected === 0) {
        expect(response.status).toBe(412);
      } else {
        expectRefusal(response, expected);
      }
      expect(await versions()).toBe(before);
    },
  );

  test.each(CELLS)('%s POST of a copy of %s: created only where the role may create it', async (role, fixture) => {
    const expected = expectedWrite(role, fixture, 'c', 'POST');
    const { id: _id, meta: _meta, ...copy } = await current(fixture);
    const before = await versions();
    const response = await as(role, fixture.split('/')[0], { method: 'POST', body: copy });
    if (expected === 0) {
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(await versions()).toBe(before + 1);
    } else {
      expectRefusal(response, expected);
      expect(await versions()).toBe(before);
    }
  });

  test.each(ROLE_NAMES)('%s: a batch of PUTs of every fixture answers each entry as the direct PUT', async (role) => {
    const bodies = await Promise.all(FIXTURE_KEYS.map(current));
    const response = await as(role, '', {
      method: 'POST',
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: bodies.map((resource) => ({ resource, request: { method: 'PUT', url: key(resource) } })),
      },
    });
    expect(response.status).toBe(200);
    const statuses = response.body.entry.map((e: { response: { status: string } }) =>
      Number(e.response.status.slice(0, 3)),
    );
    expect(statuses).toEqual(FIXTURE_KEYS.map((fixture) => expectedWrite(role, fixture, 'u', 'PUT') || 200));
  });

  test.each(ROLE_NAMES)(
    '%s: a transaction of its writable fixtures commits; one more entry refuses it all',
    async (role) => {
      const writable = await Promise.all([...WRITABLE[role]].map(current));
      const entries = writable.map((resource) => ({ resource, request: { method: 'PUT', url: key(resource) } }));
      const committed = await as(role, '', {
        method: 'POST',
        body: { resourceType: 'Bundle', type: 'transaction', entry: entries },
      });
      expect(committed.status, JSON.stringify(committed.body).slice(0, 500)).toBe(200);
      const outsider = FIXTURES.find((r) => expectedWrite(role, key(r), 'u', 'PUT') !== 0) as Resource;
      const before = await versions();
      const refused = await as(role, '', {
        method: 'POST',
        body: {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [
            ...entries,
            { resource: await current(key(outsider)), request: { method: 'PUT', url: key(outsider) } },
          ],
        },
      });
      expect([403, 404]).toContain(refused.status);
      expect(await versions()).toBe(before);
    },
  );
});
