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
  CodeableConcept,
  Encounter,
  Extension,
  Goal,
  Observation,
  Provenance,
  Questionnaire,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  Reference,
  Resource,
  ServiceRequest,
  Task,
} from 'fhir/r4.js';
import { buildConversationEncounter } from '../builders/conversation.ts';
import { buildCareGoal, buildLifeGoal } from '../builders/goals.ts';
import { buildHealthPlan, type HealthPlanAction, type HealthPlanReferral } from '../builders/health-plan.ts';
import { required } from '../builders/read-error.ts';
import { buildReferralRequest } from '../builders/referral.ts';
import { type FhirReader, matchesOf, searchAll } from '../fhir-reader/reader.ts';
import {
  TargetConceptCodeSystem,
  type TargetPositiveHealthDimensionCode,
  TargetPositiveHealthDimensionCodeSystem,
} from '../generated/canonical.ts';
import type {
  BarrierCode,
  ConversationDraft,
  ConversationStep,
  DraftAction,
  DraftFollowUp,
} from './conversation-draft.ts';

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
  const dimensionItems: QuestionnaireResponseItem[] = DIMENSIONS.flatMap((dimension) => {
    const score = scores[dimension];
    const talk = wantToTalk.includes(dimension);
    const items: QuestionnaireResponseItem[] = [
      ...(score === undefined ? [] : [{ linkId: `${dimension}.score`, answer: [{ valueInteger: score }] }]),
      ...(score === undefined && !talk ? [] : [{ linkId: `${dimension}.talk`, answer: [{ valueBoolean: talk }] }]),
    ];
    return items.length ? [{ linkId: dimension, item: items }] : [];
  });
  const words = (linkId: string, text: string): QuestionnaireResponseItem[] =>
    text.trim() ? [{ linkId, answer: [{ valueString: text.trim() }] }] : [];
  const patientAnswered = Boolean(draft.positiveHealth.patientResponse);
  return {
    resourceType: 'QuestionnaireResponse',
    id: draft.ids.questionnaireResponse,
    meta: { profile: [PROFILE_QUESTIONNAIRE_RESPONSE] },
    questionnaire: `${options.questionnaire.url}|${options.questionnaire.version}`,
    status: options.finish ? 'completed' : 'in-progress',
    subject: ref(draft.patient),
    encounter: ref(`Encounter/${draft.ids.encounter}`),
    authored: options.now,
    author: ref(draft.practitionerRole),
    // The grades came from the patient's own answers beforehand, or were given in the conversation.
    source: ref(patientAnswered ? draft.patient : draft.practitionerRole),
    item: [...dimensionItems, ...words('what-matters', draft.whatMatters), ...words('good-day', draft.goodDay)],
  };
}

/** The id of the dimension Observation extracted from a response (the extraction derives ids the same way). */
export function dimensionObservationId(responseId: string, dimension: TargetPositiveHealthDimensionCode): string {
  return `${responseId}-${dimension}`;
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
        // referrals, which the user may still be adding.
        outcome: (finish ? draft.outcome : undefined) as never,
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
  const entry: BundleEntry[] = [
    ...written.map((resource) => ({
      fullUrl: localReference(resource),
      resource,
      request: { method: 'PUT' as const, url: localReference(resource) },
    })),
    ...removed.map((resource) => ({ request: { method: 'DELETE' as const, url: localReference(resource) } })),
  ];
  return { resourceType: 'Bundle', type: 'transaction', entry };
}

/** The finished conversation's Provenance: who recorded it, for which practice, and the patient's own answers. */
function conversationProvenance(draft: ConversationDraft, targets: readonly Resource[], now: string): Provenance {
  return {
    resourceType: 'Provenance',
    id: draft.ids.provenance,
    meta: { profile: [PROFILE_PROVENANCE] },
    target: targets.map((r) => ref(localReference(r))),
    occurredPeriod: { start: draft.startedAt, end: now },
    recorded: now,
    activity: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code: 'CREATE', display: 'create' }],
    },
    agent: [
      {
        type: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'author' }],
        },
        who: ref(draft.practitionerRole),
        ...(draft.practice ? { onBehalfOf: ref(draft.practice) } : {}),
      },
    ],
    ...(draft.positiveHealth.patientResponse
      ? {
          entity: [
            {
              role: 'source' as const,
              what: ref(draft.positiveHealth.patientResponse),
              agent: [{ who: ref(draft.patient) }],
            },
          ],
        }
      : {}),
  };
}

function followUpTask(
  draft: ConversationDraft,
  followUp: DraftFollowUp,
  context: { finish: boolean; now: string; focus: Reference; encounter: Reference },
): Task {
  return {
    resourceType: 'Task',
    id: followUp.id,
    meta: { profile: [PROFILE_FOLLOW_UP_TASK] },
    status: context.finish ? 'requested' : 'draft',
    intent: 'plan',
    code: code(TargetConceptCodeSystem.url, 'follow-up'),
    description: followUp.description,
    focus: context.focus,
    for: ref(draft.patient),
    encounter: context.encounter,
    authoredOn: context.now,
    requester: ref(draft.practitionerRole),
    ...(draft.practice ? { owner: ref(draft.practice) } : {}),
    restriction: { period: { end: followUp.dueDate } },
  };
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
  const response = responses[0];
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
  const { encounter, questionnaireResponse: response, carePlan } = record;
  const encounterId = required(encounter.id, 'Encounter.id');
  const patient = required(encounter.subject?.reference, 'Encounter.subject');
  const practitionerRole = required(encounter.participant?.[0]?.individual?.reference, 'Encounter.participant');
  const answers = answersOf(response);
  const scores: ConversationDraft['positiveHealth']['scores'] = {};
  const wantToTalk: TargetPositiveHealthDimensionCode[] = [];
  for (const dimension of DIMENSIONS) {
    const score = answers.get(`${dimension}.score`)?.valueInteger;
    if (score !== undefined) {
      scores[dimension] = score;
    }
    if (answers.get(`${dimension}.talk`)?.valueBoolean) {
      wantToTalk.push(dimension);
    }
  }
  const patientResponse = record.patientResponse;
  const lifeGoals = record.goals.filter((g) => hasCategory(g, 'life-goal'));
  const careGoals = record.goals.filter((g) => hasCategory(g, 'care-goal'));
  const goalId = (reference?: string) => reference?.replace(/^Goal\//, '') ?? '';
  const draft: ConversationDraft = {
    ids: {
      encounter: encounterId,
      questionnaireResponse: response?.id ?? crypto.randomUUID(),
      carePlan: carePlan?.id ?? crypto.randomUUID(),
      provenance: provenanceIdOf(encounterId),
    },
    patient,
    practitionerRole,
    ...(encounter.serviceProvider?.reference ? { practice: encounter.serviceProvider.reference } : {}),
    ...(encounter.reasonReference?.[0]?.reference ? { careBurden: encounter.reasonReference[0].reference } : {}),
    place: (encounter.class?.code as ConversationDraft['place']) ?? 'AMB',
    sequence: (codeOfExtension(encounter, EXT_SEQUENCE) as ConversationDraft['sequence']) ?? 'first',
    tool: (codeOfExtension(encounter, EXT_TOOL) as ConversationDraft['tool']) ?? 'positive-health',
    startedAt: required(encounter.period?.start, 'Encounter.period.start'),
    step: 'preparation',
    positiveHealth: { scores, wantToTalk, ...(patientResponse ? { patientResponse } : {}) },
    whatMatters: answers.get('what-matters')?.valueString ?? '',
    goodDay: answers.get('good-day')?.valueString ?? '',
    lifeGoals: lifeGoals.map((goal) => {
      const addressed = goal.addresses?.[0]?.reference?.replace(/^Observation\//, '');
      const dimension = DIMENSIONS.find((d) => response?.id && addressed === dimensionObservationId(response.id, d));
      return { id: goal.id ?? '', description: goal.description?.text ?? '', ...(dimension ? { dimension } : {}) };
    }),
    careGoals: careGoals.map((goal) => {
      const grrow = goal.extension?.find((e) => e.url.endsWith('/target-grrow'))?.extension;
      const dueDate = goal.target?.find((t) => t.dueDate)?.dueDate;
      return {
        id: goal.id ?? '',
        lifeGoalId: goalId(
          goal.extension?.find((e) => e.url.endsWith('/target-serves-life-goal'))?.valueReference?.reference,
        ),
        description: goal.description?.text ?? '',
        ...(dueDate ? { dueDate } : {}),
        ...(grrow?.length
          ? {
              grrow: Object.fromEntries(
                grrow.flatMap((part) => (part.valueString ? [[part.url, part.valueString]] : [])),
              ),
            }
          : {}),
      };
    }),
    actions: (carePlan?.activity ?? []).flatMap((activity): DraftAction[] => {
      const detail = activity.detail;
      if (!detail) {
        return [];
      }
      const performerType = codeOfExtension(detail, EXT_PERFORMER_TYPE) as DraftAction['performerType'] | undefined;
      const followUp = detail.extension?.find((e) => e.url === EXT_FOLLOW_UP)?.valueDate;
      return [
        {
          id: (detail as { id?: string }).id ?? activity.id ?? crypto.randomUUID(),
          description: detail.description ?? '',
          performerType: performerType ?? 'patient',
          ...(detail.performer?.[0]?.display ? { performerName: detail.performer[0].display } : {}),
          ...(detail.location?.display ? { location: detail.location.display } : {}),
          barriers: (detail.extension ?? [])
            .filter((e) => e.url === EXT_BARRIER)
            .map((e) => {
              const barrier = e.valueCodeableConcept;
              const code = barrier?.coding?.find((c) => c.system === CS_BARRIER)?.code as BarrierCode | undefined;
              return { ...(code ? { code } : {}), ...(barrier?.text ? { text: barrier.text } : {}) };
            }),
          ...(followUp ? { followUp } : {}),
          goalIds: (detail.goal ?? []).map((g) => goalId(g.reference)),
        },
      ];
    }),
    ...(codeOfExtension(encounter, EXT_OUTCOME)
      ? { outcome: codeOfExtension(encounter, EXT_OUTCOME) as ConversationDraft['outcome'] }
      : {}),
    referrals: record.referrals.map((request) => ({
      id: request.id ?? '',
      category: (request.category?.[0]?.coding?.[0]?.code ?? 'other') as DraftReferralCategory,
      reason: request.reasonCode?.[0]?.text ?? '',
      goalIds: (request.supportingInfo ?? []).map((g) => goalId(g.reference)),
    })),
    ...(record.followUp
      ? {
          followUp: {
            id: record.followUp.id ?? '',
            dueDate: record.followUp.restriction?.period?.end?.slice(0, 10) ?? '',
            description: record.followUp.description ?? '',
          },
        }
      : {}),
  };
  return { ...draft, step: resumeStep(draft) };
}

type DraftReferralCategory = ConversationDraft['referrals'][number]['category'];

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

function answersOf(response: QuestionnaireResponse | undefined) {
  const answers = new Map<string, NonNullable<QuestionnaireResponseItem['answer']>[number]>();
  const walk = (items: readonly QuestionnaireResponseItem[] | undefined) => {
    for (const item of items ?? []) {
      if (item.answer?.[0]) {
        answers.set(item.linkId, item.answer[0]);
      }
      walk(item.item);
    }
  };
  walk(response?.item);
  return answers;
}

function hasCategory(goal: Goal, marker: string): boolean {
  return (goal.category ?? []).some((c) =>
    (c.coding ?? []).some((coding) => coding.system === TargetConceptCodeSystem.url && coding.code === marker),
  );
}

function codeOfExtension(element: { extension?: Extension[] }, url: string): string | undefined {
  return element.extension?.find((e) => e.url === url)?.valueCodeableConcept?.coding?.[0]?.code;
}

// Canonicals of the conversation's profiles, extensions and code systems.
const BASE = 'https://target.drenthe.example/fhir';
const PROFILE_QUESTIONNAIRE_RESPONSE = `${BASE}/StructureDefinition/target-positive-health-questionnaire-response`;
const PROFILE_PROVENANCE = `${BASE}/StructureDefinition/target-conversation-provenance`;
const PROFILE_FOLLOW_UP_TASK = `${BASE}/StructureDefinition/target-follow-up-task`;
const EXT_SEQUENCE = `${BASE}/StructureDefinition/target-conversation-sequence`;
const EXT_TOOL = `${BASE}/StructureDefinition/target-conversation-tool`;
const EXT_OUTCOME = `${BASE}/StructureDefinition/target-conversation-outcome`;
const EXT_PERFORMER_TYPE = `${BASE}/StructureDefinition/target-activity-performer-type`;
const EXT_FOLLOW_UP = `${BASE}/StructureDefinition/target-follow-up-date`;
const EXT_BARRIER = `${BASE}/StructureDefinition/target-barrier`;
const CS_BARRIER = `${BASE}/CodeSystem/target-barrier`;

function code(system: string, value: string): CodeableConcept {
  return { coding: [{ system, code: value }] };
}
