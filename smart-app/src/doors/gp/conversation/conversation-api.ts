// Loading and saving the other conversation through the session's FHIR server: the package turns the draft
// into one transaction (conversation-record.ts) and reads a stored one back; this module only fetches and
// posts. Finishing also writes the Positive Health Observations extracted from the response: a TARGET server
// extracts with its $extract operation, any other FHIR server gets them from the same package code run here.
import { isOperationOutcome } from '@medplum/core';
import {
  buildConversationResources,
  buildConversationResponse,
  buildConversationTransaction,
  type ConversationDraft,
  type ConversationRecord,
  findOpenConversation,
  matchesOf,
  readConversationDraft,
  readConversationRecord,
  TargetPositiveHealthQuestionnaire,
  withStoredVersions,
} from '@target/profiles';
import type { Bundle, Observation, Questionnaire } from 'fhir/r4.js';
import { MedplumReader } from '../../../fhir/medplum-reader.ts';
import type { SmartSession } from '../../../launch/session.ts';

/** A conversation as stored: the draft to edit, and what the last save wrote (to delete what is gone). */
export interface SavedConversation {
  readonly draft: ConversationDraft;
  readonly record: ConversationRecord;
}

/** The patient's conversation that is still a draft, read back to resume it; undefined when there is none. */
export async function loadOpenConversation(
  session: Pick<SmartSession, 'medplum'>,
  patientId: string,
): Promise<SavedConversation | undefined> {
  const reader = new MedplumReader(session.medplum);
  const encounterId = await findOpenConversation(reader, patientId);
  const record = encounterId ? await readConversationRecord(reader, encounterId) : undefined;
  return record ? { draft: readConversationDraft(record), record } : undefined;
}

/**
 * The Positive Health Questionnaire as the server holds it (its version goes into the response), else the
 * package's copy (a foreign EHR that does not serve ours).
 */
export async function positiveHealthQuestionnaire(session: Pick<SmartSession, 'medplum'>): Promise<Questionnaire> {
  const reader = new MedplumReader(session.medplum);
  const bundle = await reader.search<Questionnaire>('Questionnaire', { url: TargetPositiveHealthQuestionnaire.url });
  const found = matchesOf<Questionnaire>(bundle, 'Questionnaire').sort((a, b) =>
    (b.version ?? '').localeCompare(a.version ?? '', undefined, { numeric: true }),
  )[0];
  if (found) {
    return found;
  }
  const { targetPositiveHealthQuestionnaire } = await import('@target/profiles/extract');
  return targetPositiveHealthQuestionnaire();
}

export interface SaveOptions {
  /** Write the finished conversation instead of a draft. */
  readonly finish: boolean;
  readonly questionnaire: Questionnaire;
  /** What the previous save wrote (or the stored record when resumed). */
  readonly previous?: ConversationRecord;
  readonly now?: string;
}

/**
 * Saves the draft (or finishes the conversation) in one transaction. Returns what was written, to pass as
 * `previous` to the next save. A refused transaction throws with the server's OperationOutcome.
 */
export async function saveConversation(
  session: Pick<SmartSession, 'medplum' | 'capabilities'>,
  draft: ConversationDraft,
  options: SaveOptions,
): Promise<ConversationRecord> {
  const now = options.now ?? new Date().toISOString();
  const { finish, questionnaire, previous } = options;
  const extracted = finish ? await extractedObservations(session, draft, questionnaire, now) : undefined;
  const transaction = buildConversationTransaction(draft, { finish, now, questionnaire, extracted, previous });
  const answer = (await session.medplum.executeBatch(transaction as never)) as unknown as Bundle;
  const refused = (answer.entry ?? []).find((entry) => !/^2\d\d/.test(entry.response?.status ?? ''));
  if (refused) {
    const outcome = refused.response?.outcome;
    throw isOperationOutcome(outcome) ? outcome : new Error(`saving refused: ${refused.response?.status}`);
  }
  // MedplumClient keeps GET answers for a while: the overview read before the conversation must not be
  // shown again as if nothing had been written.
  session.medplum.invalidateAll();
  // With the versions the server gave, so the next save is refused if someone else saved in between.
  return withStoredVersions(buildConversationResources(draft, { finish, now, questionnaire }), answer);
}

/**
 * The dimension Observations and the panel of the conversation's response: by the server's
 * `QuestionnaireResponse/$extract` on a TARGET server (not stored: they go into the same transaction),
 * else by the package's extraction in the browser (loaded only then: fhirpath is large).
 */
async function extractedObservations(
  session: Pick<SmartSession, 'medplum' | 'capabilities'>,
  draft: ConversationDraft,
  questionnaire: Questionnaire,
  now: string,
): Promise<Observation[]> {
  const response = buildConversationResponse(draft, { finish: true, now, questionnaire });
  if (session.capabilities.extract) {
    const url = session.medplum.fhirUrl('QuestionnaireResponse', '$extract').toString();
    const bundle = (await session.medplum.post(url, response)) as Bundle;
    return (bundle.entry ?? []).flatMap((entry) =>
      entry.resource?.resourceType === 'Observation' ? [entry.resource as Observation] : [],
    );
  }
  const { extractPositiveHealth } = await import('@target/profiles/extract');
  const extracted = extractPositiveHealth(questionnaire, response, { now });
  return [...extracted.observations, ...(extracted.panel ? [extracted.panel] : [])];
}
