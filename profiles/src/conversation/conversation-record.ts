// The record an other conversation leaves in the patient's file, made from the app's ConversationDraft and
// read back into one (to resume). Every save writes the whole set in one transaction with the ids the draft
// chose, so saving again updates the same resources:
// - while it is a draft: Encounter in-progress, QuestionnaireResponse in-progress, Goals proposed, CarePlan
//   draft, referrals (ServiceRequest) draft, the follow-up Task draft;
// - when it is finished: Encounter finished (with its outcome), QuestionnaireResponse completed, the
//   Positive Health Observations extracted from it, Goals active, CarePlan active, the follow-up Task requested
//   and a Provenance naming every resource of the conversation. Referrals stay drafts: the referral workflow
//   sends them (with the patient's consent) later.
// Things the draft no longer has (a goal removed since the last save) are deleted in the same transaction.
import type {
  Bundle,
  BundleEntry,
  CarePlan,
  Encounter,
  Goal,
  Observation,
  Provenance,
  Questionnaire,
  QuestionnaireResponse,
  Reference,
  Resource,
  ServiceRequest,
  Task,
} from 'fhir/r4.js';
import { buildConversationEncounter, readConversationEncounter } from '../builders/conversation.ts';
import { buildFollowUpTask, readFollowUpTask } from '../builders/follow-up-task.ts';
import { buildCareGoal, buildLifeGoal, readCareGoal, readLifeGoal } from '../builders/goals.ts';
import {
  buildHealthPlan,
  type HealthPlanAction,
  type HealthPlanReferral,
  readHealthPlan,
} from '../builders/health-plan.ts';
import { buildConversationProvenance } from '../builders/provenance.ts';
import { buildPositiveHealthResponse, readPositiveHealthResponse } from '../builders/questionnaire-response.ts';
import { required } from '../builders/read-error.ts';
import { buildReferralRequest, readReferralRequest } from '../builders/referral.ts';
import { type FhirReader, matchesOf, searchAll } from '../fhir-reader/reader.ts';
import {
  TargetConceptCodeSystem,
  type TargetPositiveHealthDimensionCode,
  TargetPositiveHealthDimensionCodeSystem,
} from '../generated/canonical.ts';
import type { ConversationDraft, ConversationStep, DraftAction, DraftFollowUp } from './conversation-draft.ts';
import { derivedResourceId } from './derived-id.ts';

/** The resources of one conversation as they are stored (what `readConversationRecord` finds). */
export interface ConversationRecord {
  encounter: Encounter;
  questionnaireResponse?: QuestionnaireResponse;
  carePlan?: CarePlan;
  goals: Goal[];
  referrals: ServiceRequest[];
  followUp?: Task;
  /** `QuestionnaireResponse/{id}`: the patient's own answers the grades were taken over from, if any. */
  patientResponse?: string;
}

export interface ConversationTransactionOptions {
  /** Write the finished conversation (final statuses, extracted Observations, Provenance). */
  finish: boolean;
  /** ISO date-time of the save. */
  now: string;
  /** The Positive Health Questionnaire the answers follow (its `url|version` goes into the response). */
  questionnaire: Pick<Questionnaire, 'url' | 'version'>;
  /** When finishing: the Observations extracted from the response (server `$extract` or the package's). */
  extracted?: readonly Observation[];
  /** What the previous save stored: resources the draft no longer has are deleted. */
  previous?: ConversationRecord;
}

const DIMENSIONS = Object.keys(TargetPositiveHealthDimensionCodeSystem.codes) as TargetPositiveHealthDimensionCode[];

const ref = (reference: string): Reference => ({ reference });
const day = (dateTime: string) => dateTime.slice(0, 10);

/** The QuestionnaireResponse of the conversation: grades, want-to-talk, what matters and a good day. */
export function buildConversationResponse(
  draft: ConversationDraft,
  options: Pick<ConversationTransactionOptions, 'finish' | 'now' | 'questionnaire'>,
): QuestionnaireResponse {
  const { scores, wantToTalk } = draft.positiveHealth;
  return buildPositiveHealthResponse({
    id: draft.ids.questionnaireResponse,
    status: options.finish ? 'completed' : 'in-progress',
    questionnaire: `${options.questionnaire.url}|${options.questionnaire.version}`,
    patient: ref(draft.patient),
    conversation: ref(`Encounter/${draft.ids.encounter}`),
    authored: options.now,
    author: ref(draft.practitionerRole),
    // The grades came from the patient's own answers beforehand, or were given in the conversation.
    source: ref(draft.positiveHealth.patientResponse ? draft.patient : draft.practitionerRole),
    // An ungraded dimension gets no answer (never a zero); a tick without a grade is kept.
    dimensions: DIMENSIONS.flatMap((dimension) => {
      const score = scores[dimension];
      const talk = wantToTalk.includes(dimension);
      return score === undefined && !talk
        ? []
        : [{ dimension, ...(score === undefined ? {} : { score }), wantToTalk: talk }];
    }),
    ...(draft.whatMatters.trim() ? { whatMatters: draft.whatMatters.trim() } : {}),
    ...(draft.goodDay.trim() ? { goodDay: draft.goodDay.trim() } : {}),
  });
}

/** The id of the dimension Observation extracted from a response (the extraction derives ids this way). */
export function dimensionObservationId(responseId: string, dimension: TargetPositiveHealthDimensionCode): string {
  return derivedResourceId(responseId, dimension);
}

/** Every resource of the conversation, as the draft says them (without extracted Observations or Provenance). */
export function buildConversationResources(
  draft: ConversationDraft,
  options: Pick<ConversationTransactionOptions, 'finish' | 'now' | 'questionnaire'>,
): Omit<ConversationRecord, 'questionnaireResponse'> & { questionnaireResponse: QuestionnaireResponse } {
  const { finish, now } = options;
  const patient = ref(draft.patient);
  const encounterRef = ref(`Encounter/${draft.ids.encounter}`);
  const carePlanRef = ref(`CarePlan/${draft.ids.carePlan}`);
  // A life goal about a dimension addresses that dimension's score of this conversation: while a draft, the
  // Observation it will be; when finished, only one that exists (an ungraded dimension has no score).
  const addressed = (dimension?: TargetPositiveHealthDimensionCode): { addresses?: Reference } =>
    dimension !== undefined && (!finish || draft.positiveHealth.scores[dimension] !== undefined)
      ? { addresses: ref(`Observation/${dimensionObservationId(draft.ids.questionnaireResponse, dimension)}`) }
      : {};
  const encounter = buildConversationEncounter({
    id: draft.ids.encounter,
    status: finish ? 'finished' : 'in-progress',
    setting: draft.place,
    sequence: draft.sequence,
    tool: draft.tool,
    ...(draft.outcome ? { outcome: draft.outcome } : {}),
    patient,
    practiceWorkers: [ref(draft.practitionerRole)],
    period: finish ? { start: draft.startedAt, end: now } : { start: draft.startedAt },
    reasons: draft.careBurden ? [ref(draft.careBurden)] : [],
    ...(draft.practice ? { practice: ref(draft.practice) } : {}),
  });
  const lifecycleStatus = finish ? 'active' : 'proposed';
  // A goal set in this conversation is under way from the start (zib TreatmentObjective has no status).
  const achievement = { achievementStatus: 'in-progress' as const, statusDate: day(now) };
  const lifeGoals = draft.lifeGoals.map((goal) =>
    buildLifeGoal({
      id: goal.id,
      lifecycleStatus,
      patient,
      description: goal.description,
      expressedBy: patient,
      startDate: day(draft.startedAt),
      ...achievement,
      ...addressed(goal.dimension),
    }),
  );
  const careGoals = draft.careGoals.map((goal) =>
    buildCareGoal({
      id: goal.id,
      lifecycleStatus,
      patient,
      description: goal.description,
      expressedBy: patient,
      startDate: day(draft.startedAt),
      ...achievement,
      ...(goal.dueDate ? { dueDate: goal.dueDate } : {}),
      lifeGoal: ref(`Goal/${goal.lifeGoalId}`),
      ...(goal.grrow && Object.values(goal.grrow).some((v) => v?.trim()) ? { grrow: trimmed(goal.grrow) } : {}),
    }),
  );
  const goalRef = (id: string) => ref(`Goal/${id}`);
  const referrals = draft.referrals.map((referral) => {
    const request = buildReferralRequest({
      id: referral.id,
      status: 'draft',
      patient,
      category: referral.category,
      healthPlans: [carePlanRef],
      conversation: encounterRef,
      authoredOn: now,
      requester: ref(draft.practitionerRole),
      partners: [],
      reasons: [{ text: referral.reason }],
      reasonReferences: [],
      goals: referral.goalIds.map(goalRef),
    });
    return request;
  });
  const activities: (HealthPlanAction | HealthPlanReferral)[] = [
    ...draft.actions.map((action) => planAction(action, goalRef)),
    ...draft.referrals.map((r): HealthPlanReferral => ({ kind: 'referral', referral: ref(`ServiceRequest/${r.id}`) })),
  ];
  const hasPlan = lifeGoals.length + careGoals.length + activities.length > 0 || Boolean(draft.followUp);
  const carePlan = hasPlan
    ? buildHealthPlan({
        id: draft.ids.carePlan,
        status: finish ? 'active' : 'draft',
        patient,
        // While a draft, the outcome lives on the Encounter only: the plan's outcome must agree with its
        // referrals, which the user may still be adding (target-plan-2, target-plan-3).
        ...(finish && draft.outcome ? { outcome: draft.outcome } : {}),
        ...(draft.followUp ? { followUp: draft.followUp.dueDate } : {}),
        title: 'Mijn gezondheidsplan',
        conversation: encounterRef,
        created: day(draft.startedAt),
        contributors: [ref(draft.practitionerRole)],
        goals: [...draft.lifeGoals, ...draft.careGoals].map((g) => goalRef(g.id)),
        activities,
      })
    : undefined;
  const followUp = draft.followUp
    ? followUpTask(draft, draft.followUp, { finish, now, focus: carePlanRef, encounter: encounterRef })
    : undefined;
  return {
    encounter,
    questionnaireResponse: buildConversationResponse(draft, options),
    ...(carePlan ? { carePlan } : {}),
    goals: [...lifeGoals, ...careGoals],
    referrals,
    ...(followUp ? { followUp } : {}),
  };
}

/**
 * The transaction that saves the draft (or the finished conversation): PUT of every resource by its id, DELETE
 * of what the previous save stored and the draft no longer has.
 */
export function buildConversationTransaction(
  draft: ConversationDraft,
  options: ConversationTransactionOptions,
): Bundle {
  const resources = buildConversationResources(draft, options);
  const written: Resource[] = [
    resources.encounter,
    resources.questionnaireResponse,
    ...(options.finish ? (options.extracted ?? []) : []),
    ...resources.goals,
    ...(resources.carePlan ? [resources.carePlan] : []),
    ...resources.referrals,
    ...(resources.followUp ? [resources.followUp] : []),
  ];
  if (options.finish) {
    written.push(conversationProvenance(draft, written, options.now));
  }
  const keep = new Set(written.map(localReference));
  const previous = options.previous;
  const removed = previous
    ? [
        ...previous.goals,
        ...previous.referrals,
        ...(previous.followUp ? [previous.followUp] : []),
        ...(previous.carePlan ? [previous.carePlan] : []),
      ].filter((resource) => !keep.has(localReference(resource)))
    : [];
  // Every resource the previous save stored is written only if it is still that version (If-Match): a save
  // from a stale tab, or over a colleague's, is refused whole (412) instead of undoing what they wrote.
  const versions = new Map(
    (previous ? recordResources(previous) : []).flatMap((r) =>
      r.meta?.versionId ? [[localReference(r), r.meta.versionId] as const] : [],
    ),
  );
  const ifMatch = (resource: Resource) => {
    const version = versions.get(localReference(resource));
    return version ? { ifMatch: `W/"${version}"` } : {};
  };
  const entry: BundleEntry[] = [
    ...written.map((resource) => ({
      fullUrl: localReference(resource),
      resource,
      request: { method: 'PUT' as const, url: localReference(resource), ...ifMatch(resource) },
    })),
    ...removed.map((resource) => ({
      request: { method: 'DELETE' as const, url: localReference(resource), ...ifMatch(resource) },
    })),
  ];
  return { resourceType: 'Bundle', type: 'transaction', entry };
}

/** Every stored resource of a conversation record. */
export function recordResources(record: ConversationRecord): Resource[] {
  return [
    record.encounter,
    ...(record.questionnaireResponse ? [record.questionnaireResponse] : []),
    ...record.goals,
    ...(record.carePlan ? [record.carePlan] : []),
    ...record.referrals,
    ...(record.followUp ? [record.followUp] : []),
  ];
}

/**
 * The record as a transaction stored it: each resource of `record` with the version the server gave it
 * (from the transaction-response's resources or locations), so the next save can send If-Match.
 */
export function withStoredVersions(record: ConversationRecord, response: Bundle): ConversationRecord {
  const stored = new Map<string, string>();
  for (const entry of response.entry ?? []) {
    const fromResource =
      entry.resource?.meta?.versionId && entry.resource.id
        ? ([`${entry.resource.resourceType}/${entry.resource.id}`, entry.resource.meta.versionId] as const)
        : undefined;
    const location = /([A-Za-z]+\/[A-Za-z0-9\-.]+)\/_history\/([A-Za-z0-9\-.]+)/.exec(entry.response?.location ?? '');
    const found = fromResource ?? (location ? ([location[1], location[2]] as const) : undefined);
    if (found) {
      stored.set(found[0], found[1]);
    }
  }
  const versioned = <T extends Resource>(resource: T): T => {
    const versionId = stored.get(localReference(resource));
    return versionId ? { ...resource, meta: { ...resource.meta, versionId } } : resource;
  };
  return {
    ...record,
    encounter: versioned(record.encounter),
    ...(record.questionnaireResponse ? { questionnaireResponse: versioned(record.questionnaireResponse) } : {}),
    goals: record.goals.map(versioned),
    ...(record.carePlan ? { carePlan: versioned(record.carePlan) } : {}),
    referrals: record.referrals.map(versioned),
    ...(record.followUp ? { followUp: versioned(record.followUp) } : {}),
  };
}

/** The finished conversation's Provenance: who recorded it, for which practice, and the patient's own answers. */
function conversationProvenance(draft: ConversationDraft, targets: readonly Resource[], now: string): Provenance {
  return buildConversationProvenance({
    id: draft.ids.provenance,
    targets: targets.map((r) => ref(localReference(r))),
    period: { start: draft.startedAt, end: now },
    recorded: now,
    activity: 'CREATE',
    author: ref(draft.practitionerRole),
    practice: ref(draft.practice),
    patient: ref(draft.patient),
    sources: draft.positiveHealth.patientResponse
      ? [{ response: ref(draft.positiveHealth.patientResponse), givenBy: ref(draft.patient) }]
      : [],
  });
}

function followUpTask(
  draft: ConversationDraft,
  followUp: DraftFollowUp,
  context: { finish: boolean; now: string; focus: Reference; encounter: Reference },
): Task {
  return buildFollowUpTask({
    id: followUp.id,
    // A draft follow-up is not on the worklist yet; finishing the conversation makes it due.
    status: context.finish ? 'requested' : 'draft',
    patient: ref(draft.patient),
    plan: context.focus,
    conversation: context.encounter,
    practice: ref(draft.practice),
    requester: ref(draft.practitionerRole),
    authoredOn: context.now,
    dueDate: followUp.dueDate,
    ...(followUp.description.trim() ? { description: followUp.description.trim() } : {}),
  });
}

function planAction(action: DraftAction, goalRef: (id: string) => Reference): HealthPlanAction {
  return {
    kind: 'action',
    description: action.description,
    status: 'not-started',
    performerType: action.performerType,
    performers: action.performerName?.trim() ? [{ display: action.performerName.trim() }] : [],
    ...(action.location?.trim() ? { location: { display: action.location.trim() } } : {}),
    barriers: action.barriers.flatMap((b) => {
      const text = b.text?.trim();
      return b.code || text ? [{ ...(b.code ? { code: b.code } : {}), ...(text ? { text } : {}) }] : [];
    }),
    ...(action.followUp ? { followUp: action.followUp } : {}),
    goals: action.goalIds.map(goalRef),
  };
}

function trimmed<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).flatMap(([k, v]) => (typeof v === 'string' && v.trim() ? [[k, v.trim()]] : [])),
  ) as T;
}

function localReference(resource: Resource): string {
  return `${resource.resourceType}/${resource.id}`;
}

// --- reading back -------------------------------------------------------------------------------------

/** The newest other conversation of the patient that is still a draft (in progress), if any. */
export async function findOpenConversation(reader: FhirReader, patientId: string): Promise<string | undefined> {
  const bundle = await reader.search<Encounter>('Encounter', {
    subject: `Patient/${patientId}`,
    type: `${TargetConceptCodeSystem.url}|other-conversation`,
    status: 'in-progress',
    _sort: '-date',
    _count: '1',
  });
  return matchesOf<Encounter>(bundle, 'Encounter')[0]?.id;
}

/** Everything one conversation wrote, found from its Encounter. */
export async function readConversationRecord(
  reader: FhirReader,
  encounterId: string,
): Promise<ConversationRecord | undefined> {
  const encounter = await reader.read<Encounter>(`Encounter/${encounterId}`);
  if (!encounter) {
    return undefined;
  }
  const byEncounter = { encounter: `Encounter/${encounterId}` };
  const [responses, plans, referrals, tasks] = await Promise.all([
    searchAll<QuestionnaireResponse>(reader, 'QuestionnaireResponse', byEncounter),
    searchAll<CarePlan>(reader, 'CarePlan', byEncounter),
    searchAll<ServiceRequest>(reader, 'ServiceRequest', byEncounter),
    searchAll<Task>(reader, 'Task', { ...byEncounter, code: `${TargetConceptCodeSystem.url}|follow-up` }),
  ]);
  const carePlan = plans[0];
  const goalIds = (carePlan?.goal ?? []).flatMap((g) =>
    g.reference?.startsWith('Goal/') ? [g.reference.slice(5)] : [],
  );
  const goals = goalIds.length ? await searchAll<Goal>(reader, 'Goal', { _id: goalIds.join(',') }) : [];
  // Keep the plan's order of goals (the order the user made them in).
  goals.sort((a, b) => goalIds.indexOf(a.id ?? '') - goalIds.indexOf(b.id ?? ''));
  // The conversation's own response is the one its practice worker recorded (never a response someone else
  // tied to the Encounter).
  const recorder = encounter.participant?.[0]?.individual?.reference;
  const response = responses.find((r) => r.author?.reference === recorder);
  const patientResponse =
    response?.source?.reference === encounter.subject?.reference && response
      ? await latestPatientResponse(reader, encounter, response)
      : undefined;
  return {
    encounter,
    ...(response ? { questionnaireResponse: response } : {}),
    ...(patientResponse ? { patientResponse } : {}),
    ...(carePlan ? { carePlan } : {}),
    goals,
    referrals,
    ...(tasks[0] ? { followUp: tasks[0] } : {}),
  };
}

/** The draft a stored conversation was saved from, to resume it (at the step after the last one with content). */
export function readConversationDraft(record: ConversationRecord): ConversationDraft {
  const encounter = readConversationEncounter(record.encounter);
  const response = record.questionnaireResponse && readPositiveHealthResponse(record.questionnaireResponse);
  const plan = record.carePlan && readHealthPlan(record.carePlan);
  const encounterId = required(encounter.id, 'Encounter.id');
  const patient = required(encounter.patient.reference, 'Encounter.subject.reference');
  const scores: ConversationDraft['positiveHealth']['scores'] = {};
  const wantToTalk: TargetPositiveHealthDimensionCode[] = [];
  for (const answer of response?.dimensions ?? []) {
    if (answer.score !== undefined) {
      scores[answer.dimension] = answer.score;
    }
    if (answer.wantToTalk) {
      wantToTalk.push(answer.dimension);
    }
  }
  const idOf = (reference: Reference | undefined, type: string) =>
    reference?.reference?.startsWith(`${type}/`) ? reference.reference.slice(type.length + 1) : '';
  const responseId = record.questionnaireResponse?.id;
  const lifeGoals = record.goals.filter((g) => hasCategory(g, 'life-goal')).map(readLifeGoal);
  const careGoals = record.goals.filter((g) => hasCategory(g, 'care-goal')).map(readCareGoal);
  const referrals = record.referrals.map(readReferralRequest);
  const followUp = record.followUp && readFollowUpTask(record.followUp);
  const draft: ConversationDraft = {
    ids: {
      encounter: encounterId,
      questionnaireResponse: responseId ?? crypto.randomUUID(),
      carePlan: record.carePlan?.id ?? crypto.randomUUID(),
      provenance: provenanceIdOf(encounterId),
    },
    patient,
    practitionerRole: required(encounter.practiceWorkers[0]?.reference, 'Encounter.participant.individual'),
    practice: required(encounter.practice?.reference, 'Encounter.serviceProvider'),
    ...(encounter.reasons[0]?.reference ? { careBurden: encounter.reasons[0].reference } : {}),
    place: encounter.setting,
    sequence: encounter.sequence,
    tool: encounter.tool,
    startedAt: encounter.period.start,
    step: 'preparation',
    positiveHealth: {
      scores,
      wantToTalk,
      ...(record.patientResponse ? { patientResponse: record.patientResponse } : {}),
    },
    whatMatters: response?.whatMatters ?? '',
    goodDay: response?.goodDay ?? '',
    lifeGoals: lifeGoals.map((goal) => {
      const addressed = idOf(goal.addresses, 'Observation');
      const dimension = DIMENSIONS.find((d) => responseId && addressed === dimensionObservationId(responseId, d));
      return { id: goal.id ?? '', description: goal.description, ...(dimension ? { dimension } : {}) };
    }),
    careGoals: careGoals.map((goal) => ({
      id: goal.id ?? '',
      lifeGoalId: idOf(goal.lifeGoal, 'Goal'),
      description: goal.description,
      ...(goal.dueDate ? { dueDate: goal.dueDate } : {}),
      ...(goal.grrow ? { grrow: goal.grrow } : {}),
    })),
    actions: (plan?.activities ?? []).flatMap((activity): DraftAction[] =>
      activity.kind === 'action'
        ? [
            {
              // An activity has no id of its own; a fresh one keys it in the app.
              id: crypto.randomUUID(),
              description: activity.description,
              performerType: activity.performerType,
              ...(activity.performers[0]?.display ? { performerName: activity.performers[0].display } : {}),
              ...(activity.location?.display ? { location: activity.location.display } : {}),
              barriers: activity.barriers.map((b) => ({
                ...(b.code ? { code: b.code } : {}),
                ...(b.text ? { text: b.text } : {}),
              })),
              ...(activity.followUp ? { followUp: activity.followUp } : {}),
              goalIds: activity.goals.map((g) => idOf(g, 'Goal')),
            },
          ]
        : [],
    ),
    ...(encounter.outcome ? { outcome: encounter.outcome } : {}),
    referrals: referrals.map((referral) => ({
      id: referral.id ?? '',
      category: referral.category,
      reason: referral.reasons[0]?.text ?? '',
      goalIds: referral.goals.map((g) => idOf(g, 'Goal')),
    })),
    ...(followUp
      ? { followUp: { id: followUp.id ?? '', dueDate: followUp.dueDate, description: followUp.description ?? '' } }
      : {}),
  };
  return { ...draft, step: resumeStep(draft) };
}

/** Where a resumed conversation opens: the step after the last one that holds something. */
export function resumeStep(draft: ConversationDraft): ConversationStep {
  if (draft.outcome) {
    return 'outcome';
  }
  if (draft.actions.length || draft.followUp) {
    return 'plan';
  }
  if (draft.lifeGoals.length || draft.careGoals.length) {
    return 'goals';
  }
  if (draft.whatMatters || draft.goodDay) {
    return 'goals';
  }
  if (Object.keys(draft.positiveHealth.scores).length || draft.positiveHealth.wantToTalk.length) {
    return 'what-matters';
  }
  return 'preparation';
}

/** The finished conversation's Provenance id: one per conversation, derived from its Encounter. */
export function provenanceIdOf(encounterId: string): string {
  return `${encounterId}-provenance`;
}

/**
 * The patient's own answers (authored by the patient, before the conversation) that the conversation's grades
 * were taken over from: while a draft only the response's `source` says so, so find the newest one again.
 */
async function latestPatientResponse(
  reader: FhirReader,
  encounter: Encounter,
  conversationResponse: QuestionnaireResponse,
): Promise<string | undefined> {
  const patient = encounter.subject?.reference ?? '';
  const questionnaire = conversationResponse.questionnaire?.split('|')[0] ?? '';
  const own = await searchAll<QuestionnaireResponse>(reader, 'QuestionnaireResponse', {
    subject: patient,
    questionnaire,
    status: 'completed',
  });
  const before = encounter.period?.start ?? '';
  const found = own
    .filter((r) => r.author?.reference === patient && (r.authored ?? '') <= before && r.id !== conversationResponse.id)
    .sort((a, b) => (b.authored ?? '').localeCompare(a.authored ?? ''))[0];
  return found?.id ? `QuestionnaireResponse/${found.id}` : undefined;
}

function hasCategory(goal: Goal, marker: string): boolean {
  return (goal.category ?? []).some((c) =>
    (c.coding ?? []).some((coding) => coding.system === TargetConceptCodeSystem.url && coding.code === marker),
  );
}
