// The audit trail's journal (store/audit-journal.ts) on both databases: an AuditEvent is durable once
// appended, and whatever reads the trail (read, search, history) finds it at once; events a crash left in the
// journal are moved when the store opens; concurrent moves store each event exactly once; a transaction that
// reads the trail moves the journal with it, and leaves it as it was when it rolls back.
import type { AuditEvent } from '@medplum/fhirtypes';
import { describe, expect, test } from 'vitest';
import { openServerStore } from '../../../server/src/open-server-store.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import type { Store } from '../../../server/src/store/open.ts';
import { DATABASE_KINDS, makeTestConfig } from '../../support/database.ts';
import { storableAuditEvent } from '../audit/support.ts';

const logger = createLogger({ logLevel: 'silent' });

const event = (text: string): AuditEvent => storableAuditEvent(text, 'journal test');

/** The messages of an error and its causes (a failed transaction answers a 500 whose cause is the error). */
function messagesOf(err: unknown): string {
  const messages: string[] = [];
  for (let cause = err as Error | undefined; cause instanceof Error; cause = cause.cause as Error | undefined) {
    messages.push(cause.message);
  }
  return messages.join(' ← ');
}

/** Where the events with these ids are: [in resource, in the journal]. */
async function placesOf(store: Store, ids: readonly string[]): Promise<[number, number]> {
  const [row] = await store.db.query<{ stored: number; journaled: number }>(
    `SELECT (SELECT count(*)::int FROM resource WHERE resource_type = 'AuditEvent' AND id = ANY($1::text[])) AS stored,
            (SELECT count(*)::int FROM audit_journal WHERE content->>'id' = ANY($1::text[])) AS journaled`,
    [ids],
  );
  return [row.stored, row.journaled];
}

describe.each(DATABASE_KINDS)('the audit journal on %s', (kind) => {
  const withStore = async (
    fn: (store: Store, config: Awaited<ReturnType<typeof makeTestConfig>>['config']) => Promise<void>,
  ) => {
    const { config, cleanup } = await makeTestConfig(kind);
    const store = await openServerStore(config, logger);
    try {
      await fn(store, config);
    } finally {
      await store.close();
      await cleanup();
    }
  };

  test('an appended AuditEvent is stored exactly once and read back at once by id, search and history', async () => {
    await withStore(async (store) => {
      const [appended] = await store.repo.appendAuditEvents([event('read back')]);
      const [stored, journaled] = await placesOf(store, [appended.id]);
      expect(stored + journaled).toBe(1);

      const read = await store.repo.readResource<AuditEvent>('AuditEvent', appended.id);
      expect(read).toMatchObject({ id: appended.id, outcomeDesc: 'read back', meta: appended.meta });
      const found = await store.repo.searchResources<AuditEvent>({
        resourceType: 'AuditEvent',
        filters: [{ code: 'altid', operator: 'eq' as never, value: 'read back' }],
      });
      expect(found.map((e) => e.id)).toEqual([appended.id]);
      const history = await store.repo.readHistory('AuditEvent', appended.id);
      expect(history.entry?.map((e) => e.resource?.id)).toEqual([appended.id]);
      expect(await placesOf(store, [appended.id])).toEqual([1, 0]);
    });
  });

  test('a search through AuditEvents (_has) finds an event appended just before', async () => {
    await withStore(async (store) => {
      const patient = await store.repo.createResource({ resourceType: 'Patient', name: [{ family: 'Journaal' }] });
      const marker = 'has-journal';
      await store.repo.appendAuditEvents([
        {
          ...event(marker),
          entity: [
            {
              what: { reference: `Patient/${patient.id}` },
              role: { code: '1', system: 'http://terminology.hl7.org/CodeSystem/object-role' },
            },
          ],
        },
      ]);
      const found = await store.repo.searchResources({
        resourceType: 'Patient',
        filters: [{ code: '_has:AuditEvent:patient:altid', operator: 'eq' as never, value: marker }],
      });
      expect(found.map((p) => p.id)).toEqual([patient.id]);
    });
  });

  test('events a crash left in the journal are moved when the store opens, keeping their ids and times', async () => {
    const { config, cleanup } = await makeTestConfig(kind);
    try {
      const first = await openServerStore(config, logger);
      const left = [event('left 1'), event('left 2')].map((e, i) => ({
        ...e,
        id: `journal-left-${i}`,
        meta: { versionId: '1', lastUpdated: '2026-01-02T03:04:05.000Z' },
      }));
      // As a process killed between its answer and the move would leave them.
      await first.db.query('INSERT INTO audit_journal (content) SELECT * FROM jsonb_array_elements($1::jsonb)', [
        JSON.stringify(left),
      ]);
      await first.db.close();

      const second = await openServerStore(config, logger);
      try {
        expect(await placesOf(second, ['journal-left-0', 'journal-left-1'])).toEqual([2, 0]);
        const moved = await second.repo.readResource<AuditEvent>('AuditEvent', 'journal-left-1');
        expect(moved.meta?.lastUpdated).toBe('2026-01-02T03:04:05.000Z');
        expect(moved.outcomeDesc).toBe('left 2');
      } finally {
        await second.close();
      }
    } finally {
      await cleanup();
    }
  });

  test('concurrent moves of more than one batch store every event exactly once', async () => {
    await withStore(async (store) => {
      const appended = (
        await Promise.all(
          Array.from({ length: 5 }, (_, part) =>
            store.repo.appendAuditEvents(Array.from({ length: 500 }, (_, i) => event(`bulk ${part}-${i}`))),
          ),
        )
      ).flat();
      await Promise.all([store.repo.settleAuditTrail(), store.repo.settleAuditTrail(), store.repo.settleAuditTrail()]);
      const ids = appended.map((e) => e.id);
      expect(await placesOf(store, ids)).toEqual([2500, 0]);
      const [{ n }] = await store.db.query<{ n: number }>(
        "SELECT count(DISTINCT id)::int AS n FROM resource WHERE resource_type = 'AuditEvent'",
      );
      expect(n).toBe(2500);
    });
  });

  test('a transaction that reads the trail moves the journal with it, and a rollback leaves the journal as it was', async () => {
    await withStore(async (store) => {
      // Journaled directly, so that no background move of this process takes it first.
      const appended = {
        ...event('in a transaction'),
        id: 'journal-tx',
        meta: { versionId: '1', lastUpdated: new Date().toISOString() },
      };
      await store.db.query('INSERT INTO audit_journal (content) VALUES ($1::jsonb)', [JSON.stringify(appended)]);
      expect(await placesOf(store, [appended.id])).toEqual([0, 1]);
      const failed = await store.repo
        .withTransaction(async (tx) => {
          const inside = await tx.readResource<AuditEvent>('AuditEvent', appended.id);
          expect(inside.id).toBe(appended.id);
          throw new Error('roll back');
        })
        .catch(messagesOf);
      expect(failed).toContain('roll back');
      expect(await placesOf(store, [appended.id])).toEqual([0, 1]);
      await store.repo.withTransaction((tx) => tx.readResource('AuditEvent', appended.id));
      expect(await placesOf(store, [appended.id])).toEqual([1, 0]);
    });
  });

  test('AuditEvents are appended by the server itself, never inside a transaction', async () => {
    await withStore(async (store) => {
      const failed = await store.repo
        .withTransaction((tx) => tx.appendAuditEvents([event('inside')]))
        .catch(messagesOf);
      expect(failed).toMatch(/outside any transaction/);
    });
  });
});
