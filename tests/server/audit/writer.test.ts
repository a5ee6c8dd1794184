// The audit writer's group commit when the database refuses a value in one request's event: only that
// request fails; the requests gathered in the same flush are stored and answered (both databases).
import type { AuditEvent } from '@medplum/fhirtypes';
import { pino } from 'pino';
import { describe, expect, test } from 'vitest';
import { AuditWriter } from '../../../server/src/audit/writer.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { useTestServer } from '../../support/server.ts';
import { storableAuditEvent } from './support.ts';

const event = (text: string): AuditEvent => storableAuditEvent(text, 'writer test');

describe.each(DATABASE_KINDS)('the audit writer on %s', (kind) => {
  const server = useTestServer(kind);

  test('a value the database refuses fails only its own request, not the others in the flush', async () => {
    const writer = new AuditWriter(server.repo, pino({ level: 'silent' }));
    const marker = `writer-${kind}-${Date.now()}`;
    // The first write starts a flush at once; the next three gather behind it and are flushed together.
    const first = writer.write([event(`${marker} first`)]);
    const before = writer.write([event(`${marker} before`)]);
    // A lone surrogate, as the builder would never leave it (audit/events.ts replaces it): PostgreSQL refuses it in JSON.
    const refused = writer.write([event(`${marker} \ud800 refused`)]);
    const after = writer.write([event(`${marker} after`)]);
    await expect(first).resolves.toBeUndefined();
    await expect(before).resolves.toBeUndefined();
    await expect(refused).rejects.toThrow();
    await expect(after).resolves.toBeUndefined();
    await writer.close();
    await server.repo.settleAuditTrail();
    const stored = await server.repo.sql.query<{ text: string }>(
      "SELECT content->>'outcomeDesc' AS text FROM resource WHERE resource_type = 'AuditEvent' AND content->>'outcomeDesc' LIKE $1 ORDER BY 1",
      [`${marker}%`],
    );
    expect(stored.map((row) => row.text)).toEqual([`${marker} after`, `${marker} before`, `${marker} first`]);
  });
});
