// When the audit trail cannot be written nothing is answered but a 500, and the reason is logged at error
// level: over real HTTP on both databases, with the database itself refusing AuditEvents (a trigger), for a
// FHIR read (no resource, no ETag leaves), a denied request, and a sign-in attempt (/oauth and /ehr).
// Afterwards, with the database accepting again, the same requests are answered and audited.
import net from 'node:net';
import { Writable } from 'node:stream';
import { Operator } from '@medplum/core';
import type { AuditEvent } from '@medplum/fhirtypes';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTargetServer, type TargetServer } from '../../../server/src/app.ts';
import { startHttpServer } from '../../../server/src/http-server.ts';
import { DATABASE_KINDS, makeTestConfig } from '../../support/database.ts';
import { ADMIN_CLAIMS, tokenForConfig } from '../../support/server.ts';
import { authorizeUrl, Browser, formAction } from '../oauth/oauth-client.ts';

const PASSWORD = 'demo-password-for-tests';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const REFUSE_AUDIT = [
  `CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'audit storage refused by test';
  END $$`,
  // AuditEvents are durable once in the journal (store/audit-journal.ts): that is the write that must succeed.
  'CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_journal FOR EACH ROW EXECUTE FUNCTION refuse_audit()',
];

describe.each(DATABASE_KINDS)('a failing audit write on %s', (kind) => {
  const logs: { level: number; msg: string; reason?: string }[] = [];
  let target: TargetServer;
  let baseUrl: string;
  let authorization: string;
  let stop: () => Promise<void>;
  const get = (path: string, auth = authorization) =>
    fetch(`${baseUrl}/fhir/${path}`, { headers: { authorization: auth } });

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const { config, cleanup } = await makeTestConfig(kind, { port, baseUrl, demoPassword: PASSWORD });
    const logger = pino(
      { level: 'error' },
      new Writable({
        write(chunk, _encoding, done) {
          logs.push(JSON.parse(String(chunk)));
          done();
        },
      }),
    );
    target = await createTargetServer(config, logger);
    const running = await startHttpServer(target.app, { port, host: '127.0.0.1', logger, onClose: target.close });
    stop = async () => {
      await running.stop();
      await cleanup();
    };
    authorization = `Bearer ${await tokenForConfig(config, ADMIN_CLAIMS)}`;
    await target.repo.createResources([{ resourceType: 'Patient', id: 'kept-secret', name: [{ family: 'Geheim' }] }], {
      assignedId: true,
    });
    for (const statement of REFUSE_AUDIT) {
      await target.repo.sql.query(statement);
    }
  });
  afterAll(async () => {
    await stop();
  });

  test('a read answers 500 with an OperationOutcome, carries no data, and the reason is logged', async () => {
    const response = await get('Patient/kept-secret');
    expect(response.status).toBe(500);
    expect(response.headers.get('etag')).toBeNull();
    const text = await response.text();
    expect(text).not.toContain('Geheim');
    expect(JSON.parse(text)).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'fatal', code: 'exception' }],
    });
    const failure = logs.find((line) => line.msg.startsWith('audit trail write failed'));
    expect(failure?.level).toBe(50);
    expect(failure?.reason).toMatch(/audit storage refused by test/);
    expect(logs.some((line) => line.msg === 'request refused: no audit trail' && line.level === 50)).toBe(true);
  });

  test('a denied request (401) answers 500 as well', async () => {
    const response = await fetch(`${baseUrl}/fhir/Patient/kept-secret`);
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ resourceType: 'OperationOutcome', id: 'audit-failed' });
  });

  test('a sign-in attempt is refused with 500 when it cannot be audited', async () => {
    const browser = new Browser();
    const url = authorizeUrl(baseUrl, {
      clientId: 'target-test-app',
      redirectUri: `${baseUrl}/ehr/test-app/index.html`,
      scope: 'openid user/*.rs',
      aud: `${baseUrl}/fhir`,
      codeChallenge: 'x'.repeat(43),
    });
    const login = await browser.follow(url, `${baseUrl}/ehr/`);
    const action = formAction(await login.response.text());
    const attempt = await browser.postForm(action, url, { username: 'huisarts', password: 'wrong' }, `${baseUrl}/ehr/`);
    expect(attempt.response.status).toBe(500);
    expect(logs.some((line) => line.msg === 'authorization request refused: no audit trail')).toBe(true);
  });

  test('a sign-in at the EHR simulator is refused with 500 and starts no session when it cannot be audited', async () => {
    const attempt = await fetch(`${baseUrl}/ehr/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'huisarts', password: PASSWORD }).toString(),
      redirect: 'manual',
    });
    expect(attempt.status).toBe(500);
    expect(attempt.headers.get('set-cookie')).toBeNull();
    expect(await attempt.text()).toContain('The audit trail is unavailable');
  });

  test('once the database accepts AuditEvents again, the same read is answered and audited', async () => {
    await target.repo.sql.query('DROP TRIGGER refuse_audit ON audit_journal');
    const response = await get('Patient/kept-secret');
    expect(response.status).toBe(200);
    const events = await target.repo.searchResources<AuditEvent>({
      resourceType: 'AuditEvent',
      filters: [{ code: 'entity', operator: Operator.EQUALS, value: 'Patient/kept-secret' }],
    });
    expect(events.map((e) => e.outcome)).toEqual(['0']);
  });
});
