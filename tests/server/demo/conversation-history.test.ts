// The demo practice's TARGET history (npm start): invitations from an earlier selection, other conversations
// with Positive Health, goals, plans and follow-ups, written by the app's own record code and validated on the
// way in. Checked here as the app and evaluation read it: complete, linked records.

import {
  findOpenConversation,
  readConversationDraft,
  readConversationRecord,
  TargetConceptCodeSystem,
} from '@target/profiles';
import type { CarePlan, Encounter, Goal, Observation, Provenance, QuestionnaireResponse, Task } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type ConversationHistorySummary,
  seedConversationHistory,
} from '../../../server/src/demo/conversation-history.ts';
import { practicePatients } from '../../../server/src/demo/generate.ts';
import { seedDemo } from '../../../server/src/demo/seed.ts';
import { buildPractice } from '../../../server/src/demo/staff.ts';
import { openServerStore } from '../../../server/src/open-server-store.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import { RepositoryReader } from '../../../server/src/programme/repository-reader.ts';
import type { Store } from '../../../server/src/store/open.ts';
import { makeTestConfig, type TestConfig } from '../../support/database.ts';

const DEMO = { patients: 1200, practices: 1, seed: 7, referenceDate: '2026-12-01' };

describe('the demo practice history (PGlite)', () => {
  let testConfig: TestConfig;
  let store: Store;
  let summary: ConversationHistorySummary;
  let reader: RepositoryReader;
  const all = async <T>(type: string, params: Record<string, string> = {}) =>
    (await reader.search(type, { _count: '1000', ...params })).entry?.map((e) => e.resource as T) ?? [];

  beforeAll(async () => {
    testConfig = await makeTestConfig('pglite');
    store = await openServerStore(testConfig.config, createLogger(testConfig.config));
    await seedDemo(store.repo, DEMO);
    const practice = buildPractice(0, practicePatients(DEMO.patients, 1, 0), 0, DEMO.seed);
    summary = await seedConversationHistory(store.repo, practice, DEMO.referenceDate, DEMO.seed);
    reader = new RepositoryReader(store.repo);
  }, 240_000);
  afterAll(async () => {
    await store?.close();
    await testConfig?.cleanup();
  });

  test('invites high-burden patients: some declined, some still open, most had their conversation', () => {
    expect(summary.invited).toBe(30);
    expect(summary.declined).toBe(5);
    expect(summary.conversations).toBeGreaterThanOrEqual(15);
    expect(summary.followUpConversations).toBeGreaterThanOrEqual(2);
    expect(summary.drafts).toBe(1);
    expect(summary.patientAnswered).toBeGreaterThanOrEqual(5);
    // The seeds found 45% without referral; the demo draws around that, never all or none.
    expect(summary.withoutReferral).toBeGreaterThan(0);
    expect(summary.withoutReferral).toBeLessThan(summary.conversations);
  });

  test('every finished conversation is a complete, linked record with its Provenance', async () => {
    const encounters = await all<Encounter>('Encounter', {
      type: `${TargetConceptCodeSystem.url}|other-conversation`,
      status: 'finished',
    });
    expect(encounters).toHaveLength(summary.conversations);
    for (const encounter of encounters) {
      const record = await readConversationRecord(reader, encounter.id as string);
      const response = record?.questionnaireResponse as QuestionnaireResponse;
      expect(response.status).toBe('completed');
      const observations = await all<Observation>('Observation', {
        'derived-from': `QuestionnaireResponse/${response.id}`,
      });
      const panel = observations.find((o) => o.hasMember);
      expect(panel?.hasMember?.length).toBe(observations.length - 1);
      expect(observations.every((o) => o.encounter?.reference === `Encounter/${encounter.id}`)).toBe(true);
      const provenance = await reader.read<Provenance>(`Provenance/${encounter.id}-provenance`);
      const targets = new Set(provenance?.target.map((t) => t.reference));
      for (const resource of [encounter, response, ...observations, ...(record?.goals ?? [])]) {
        expect(targets.has(`${resource.resourceType}/${resource.id}`)).toBe(true);
      }
      if (record?.carePlan) {
        expect((record.carePlan as CarePlan).status).toBe('active');
      }
      const reason = encounter.reasonReference?.[0]?.reference ?? '';
      if (encounter.extension?.some((e) => e.valueCodeableConcept?.coding?.[0]?.code === 'first')) {
        expect(reason).toMatch(/^Observation\/[^/]+\/_history\/\d+$/);
        expect(await reader.read(reason)).toBeDefined();
      }
    }
  });

  test('follow-up conversations measure again, and goals move on (achieved, improving) with their history kept', async () => {
    const goals = await all<Goal>('Goal');
    const achieved = goals.filter((g) => g.achievementStatus?.coding?.[0]?.code === 'achieved');
    expect(achieved.length).toBe(summary.followUpConversations);
    expect(achieved.every((g) => g.lifecycleStatus === 'completed' && g.meta?.versionId === '2')).toBe(true);
    const followUps = await all<Task>('Task', { code: `${TargetConceptCodeSystem.url}|follow-up` });
    expect(followUps.filter((t) => t.status === 'completed')).toHaveLength(summary.followUpConversations);
    expect(followUps.filter((t) => t.status === 'requested').length).toBeGreaterThan(0);
  });

  test('the draft conversation can be resumed by the app', async () => {
    const drafts = await all<Encounter>('Encounter', {
      type: `${TargetConceptCodeSystem.url}|other-conversation`,
      status: 'in-progress',
    });
    expect(drafts).toHaveLength(1);
    const patientId = drafts[0].subject?.reference?.split('/')[1] as string;
    const open = await findOpenConversation(reader, patientId);
    const record = await readConversationRecord(reader, open as string);
    const draft = readConversationDraft(record as NonNullable<typeof record>);
    expect(draft.lifeGoals.length).toBeGreaterThan(0);
    expect(draft.outcome).toBeDefined();
    expect(draft.step).toBe('outcome');
  });
});
