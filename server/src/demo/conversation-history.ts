// The demo practice's TARGET history, so a newcomer sees a living practice and evaluation has data to count:
// a selection made four months ago, invitations from it (some declined, some still open), other
// conversations held since — with Positive Health measurements, life and care goals, health plans, draft
// referrals and follow-ups — a few follow-up conversations with a second measurement, a few patients who
// filled in Positive Health themselves before their conversation, and one conversation left as a draft.
// Everything is made by the same code the GP app uses (the ConversationDraft → one transaction per
// conversation, the Positive Health extraction, the invitation builder) and written validated.
// Deterministic: the same seed and reference date give the same records.
import type { Resource } from '@medplum/fhirtypes';
import {
  buildCareGoal,
  buildConversationTransaction,
  buildInvitationTask,
  type ConversationDraft,
  type DraftAction,
  type DraftReferral,
  extractPositiveHealth,
  newConversationDraft,
  readCareGoal,
  readSelectionGroup,
  type SelectionInput,
  type TargetPositiveHealthDimensionCode,
  TargetPositiveHealthDimensionCodeSystem,
  targetPositiveHealthQuestionnaire,
} from '@target/profiles';
import type { Goal, Observation, Questionnaire, QuestionnaireResponse, Task } from 'fhir/r4.js';
import { asR4, RepositoryReader } from '../programme/repository-reader.ts';
import { resultIds } from '../programme/selection/ids.ts';
import { runSelection } from '../programme/selection/selection.ts';
import type { PostgresRepository } from '../store/repository.ts';
import { amsterdamDateTime, isoDay, parseDay } from './calendar.ts';
import { createRng, fmix32, pick, type Rng, resourceId } from './random.ts';
import type { Practice } from './staff.ts';

/** The most patients the history invites. */
const MAX_INVITED = 30;

/** How many days before the reference date the earlier selection was made. */
export const EARLIER_SELECTION_DAYS = 120;

const DIMENSIONS = Object.keys(TargetPositiveHealthDimensionCodeSystem.codes) as TargetPositiveHealthDimensionCode[];

export interface ConversationHistorySummary {
  readonly earlierSelection?: string;
  readonly invited: number;
  readonly declined: number;
  readonly conversations: number;
  readonly followUpConversations: number;
  readonly withoutReferral: number;
  readonly drafts: number;
  readonly patientAnswered: number;
}

// Plain Dutch phrases for the records (invented examples, not quotes from any source).
const WHAT_MATTERS = [
  'Mijn kleinkinderen zien en met ze spelen.',
  'Zelfstandig blijven wonen in mijn eigen huis.',
  'Weer in de tuin kunnen werken.',
  'Contact met mensen in de buurt.',
  'Rust in mijn hoofd en goed slapen.',
  'Mijn vrouw helpen nu zij ziek is.',
];
const GOOD_DAY = [
  'Ik sta op zonder pijn en ga een stuk wandelen.',
  'Er komt iemand op de koffie en we kletsen wat.',
  'Ik heb iets nuttigs gedaan en voel me niet moe.',
  'Ik fiets naar de markt en doe zelf boodschappen.',
];
const LIFE_GOALS: readonly { text: string; dimension: TargetPositiveHealthDimensionCode }[] = [
  { text: 'Weer meedoen in de buurt', dimension: 'participation' },
  { text: 'Zelf mijn boodschappen doen', dimension: 'daily-functioning' },
  { text: 'Me minder somber voelen', dimension: 'mental-wellbeing' },
  { text: 'Fitter worden zodat ik kan fietsen', dimension: 'bodily-functions' },
  { text: 'Iets betekenen voor een ander', dimension: 'meaningfulness' },
  { text: 'Meer genieten van de dag', dimension: 'quality-of-life' },
];
const CARE_GOALS = [
  'Elke dag twintig minuten wandelen',
  'Eén keer per week naar het buurthuis',
  'Drie maanden geen nachtelijke onrust',
  'Binnen twee maanden een vaste vrijwilligersplek',
  'Vijf kilo afvallen voor de zomer',
  'Schulden op een rij met hulp',
];
const ACTIONS: readonly Omit<DraftAction, 'id' | 'goalIds'>[] = [
  { description: 'Zelf het buurthuis bellen voor de koffieochtend', performerType: 'patient', barriers: [] },
  {
    description: 'Dochter gaat mee naar de eerste keer',
    performerType: 'own-network',
    performerName: 'dochter',
    barriers: [{ code: 'practical', text: 'Dochter werkt op dinsdag' }],
  },
  {
    description: 'Gesprek met de POH over slapen en piekeren',
    performerType: 'practice',
    location: 'Huisartsenpraktijk',
    barriers: [],
  },
  {
    description: 'Kennismaking met de welzijnscoach',
    performerType: 'partner',
    performerName: 'Welzijn in de wijk',
    barriers: [{ code: 'patient-resistance', text: 'Vindt hulp vragen moeilijk' }],
  },
  {
    description: 'Samen met de buurman fietsen op zaterdag',
    performerType: 'own-network',
    performerName: 'buurman',
    barriers: [{ code: 'health', text: 'Knie doet soms pijn' }],
  },
];
const REFERRALS: readonly Omit<DraftReferral, 'id' | 'goalIds'>[] = [
  { category: 'mental-health', reason: 'Somberheid en piekeren, wil praten met iemand' },
  { category: 'social-welfare', reason: 'Eenzaam sinds verhuizing, zoekt contact' },
  { category: 'debt-counselling', reason: 'Zorgen over geld en rekeningen' },
  { category: 'lifestyle-programme', reason: 'Wil gezonder leven en afvallen' },
];
const DECLINE_REASONS = ['Heeft er nu geen tijd voor', 'Wil liever eerst zelf iets proberen', 'Voelt zich goed zo'];

/**
 * Writes the history for the demo practice (after its patients are stored, before today's selection).
 * @returns What it wrote, in counts.
 */
export async function seedConversationHistory(
  repo: PostgresRepository,
  practice: Practice,
  referenceDate: string,
  seed: number,
): Promise<ConversationHistorySummary> {
  const today = parseDay(referenceDate);
  const earlierDate = isoDay(today - EARLIER_SELECTION_DAYS);
  const [summary] = await runSelection(repo, { practices: [practice.organizationId], referenceDate: earlierDate });
  if (!summary?.group) {
    return emptySummary();
  }
  const selection = readSelectionGroup(asR4('Group', await repo.readResource('Group', summary.group.split('/')[1])));
  const reader = new RepositoryReader(repo);
  // The package's Questionnaire: the one the server installs among its conformance resources.
  const questionnaire = targetPositiveHealthQuestionnaire() as Questionnaire;
  const rng = createRng(fmix32(Math.imul(seed, 0x6b43a9b5) ^ 0x51ed270b));
  // At most 30, and never more than 40% of those a practice would invite: the worklist keeps patients to invite.
  const candidates = selectedMembers(selection);
  const invitees = candidates.slice(0, Math.min(MAX_INVITED, Math.floor(candidates.length * 0.4)));
  const nurses = practice.nurses.length ? practice.nurses : practice.gps;
  const counts = {
    invited: 0,
    declined: 0,
    conversations: 0,
    followUps: 0,
    withoutReferral: 0,
    drafts: 0,
    answered: 0,
  };
  let index = 0;
  for (const patientId of invitees) {
    const n = index++;
    const invitedOn = today - EARLIER_SELECTION_DAYS + 3 + (n % 10);
    // Roughly: 1 in 6 declines, 4 in 6 have had their conversation, the rest are still to come.
    const fate = n % 6 === 5 ? 'declined' : n < 22 ? 'held' : 'open';
    const invitation = (status: 'requested' | 'accepted' | 'rejected') =>
      buildInvitationTask({
        id: resourceId('Invitation', n, seed),
        status,
        ...(status === 'rejected' ? { statusReason: pick(rng, DECLINE_REASONS) } : {}),
        patient: { reference: `Patient/${patientId}` },
        practice: { reference: `Organization/${practice.organizationId}` },
        authoredOn: isoDay(invitedOn),
        selection: { reference: summary.group },
      }) as unknown as Resource;
    // An invitation starts as requested (the server enforces its state machine); the answer is a new version.
    await repo.upsertResources([invitation('requested')]);
    if (fate !== 'open') {
      await repo.upsertResources([invitation(fate === 'declined' ? 'rejected' : 'accepted')]);
    }
    counts.invited++;
    if (fate === 'declined') {
      counts.declined++;
      continue;
    }
    const careBurden = await careBurdenReference(reader, practice.organizationId, patientId, earlierDate);
    const role = (n % 3 === 0 ? pick(rng, practice.gps) : pick(rng, nurses)).roleId;
    const base = { practitionerRole: `PractitionerRole/${role}`, practice: `Organization/${practice.organizationId}` };
    const ids = idSource(seed, n);
    // Some patients fill in Positive Health themselves before the conversation.
    const answeredBeforehand = n % 4 === 1;
    const heldOn = invitedOn + 7 + Math.floor(rng() * 40);
    const ownAnswers = answeredBeforehand
      ? patientAnswers(patientId, ids(), questionnaire, amsterdamDateTime(heldOn - 2, 20 * 60), rng)
      : undefined;
    if (ownAnswers) {
      await repo.upsertResources([ownAnswers as unknown as Resource]);
      counts.answered++;
    }
    if (fate === 'open') {
      continue;
    }
    const startedAt = amsterdamDateTime(heldOn, (9 + (n % 7)) * 60);
    const draft = conversation(rng, {
      ...base,
      patient: `Patient/${patientId}`,
      ...(careBurden ? { careBurden } : {}),
      startedAt,
      newId: ids,
      ownAnswers,
    });
    // The last one is left as a draft the practice can resume.
    if (n === 20) {
      await writeConversation(repo, draft, questionnaire, { finish: false, now: startedAt });
      counts.drafts++;
      continue;
    }
    const endedAt = amsterdamDateTime(heldOn, (9 + (n % 7)) * 60 + 45);
    await writeConversation(repo, draft, questionnaire, { finish: true, now: endedAt });
    counts.conversations++;
    if (draft.outcome !== 'referral') {
      counts.withoutReferral++;
    }
    // A few came back for a follow-up conversation with a second measurement.
    const followUpOn = heldOn + 70;
    if (n % 4 === 0 && followUpOn < today && draft.followUp) {
      await completeFollowUp(repo, draft.followUp.id);
      await reviseGoals(repo, draft, isoDay(followUpOn));
      const again = followUpConversation(rng, draft, amsterdamDateTime(followUpOn, 10 * 60), ids);
      await writeConversation(repo, again, questionnaire, {
        finish: true,
        now: amsterdamDateTime(followUpOn, 10 * 60 + 40),
      });
      counts.followUps++;
      counts.conversations++;
      if (again.outcome !== 'referral') {
        counts.withoutReferral++;
      }
    }
  }
  return {
    earlierSelection: summary.group,
    invited: counts.invited,
    declined: counts.declined,
    conversations: counts.conversations,
    followUpConversations: counts.followUps,
    withoutReferral: counts.withoutReferral,
    drafts: counts.drafts,
    patientAnswered: counts.answered,
  };
}

function emptySummary(): ConversationHistorySummary {
  return {
    invited: 0,
    declined: 0,
    conversations: 0,
    followUpConversations: 0,
    withoutReferral: 0,
    drafts: 0,
    patientAnswered: 0,
  };
}

/** High-burden and HNHC members, highest score first (the ones a practice invites first). */
function selectedMembers(selection: SelectionInput): string[] {
  return selection.members
    .filter((m) => m.category === 'high' || m.hnhc)
    .sort((a, b) => b.score - a.score)
    .flatMap((m) => (m.patient.reference?.startsWith('Patient/') ? [m.patient.reference.slice(8)] : []));
}

/** Ids for one patient's records: a pure function of the seed, the patient's place in the list and a counter. */
function idSource(seed: number, n: number): () => string {
  let k = 0;
  return () => resourceId('Conversation', n * 1000 + k++, seed);
}

/** `Observation/{id}/_history/{v}` of the patient's care burden at `date` (the earlier selection's). */
async function careBurdenReference(
  reader: RepositoryReader,
  practiceId: string,
  patientId: string,
  date: string,
): Promise<string | undefined> {
  const observation = await reader.read<Observation>(
    `Observation/${resultIds.careBurden(practiceId, patientId, date)}`,
  );
  return observation ? `Observation/${observation.id}/_history/${observation.meta?.versionId}` : undefined;
}

/** A patient's own Positive Health answers, filled in at home before the conversation. */
function patientAnswers(
  patientId: string,
  id: string,
  questionnaire: Questionnaire,
  authored: string,
  rng: Rng,
): QuestionnaireResponse {
  const patient = { reference: `Patient/${patientId}` };
  return {
    resourceType: 'QuestionnaireResponse',
    id,
    meta: {
      profile: [
        'https://target.drenthe.example/fhir/StructureDefinition/target-positive-health-questionnaire-response',
      ],
    },
    questionnaire: `${questionnaire.url}|${questionnaire.version}`,
    status: 'completed',
    subject: patient,
    authored,
    author: patient,
    source: patient,
    item: [
      ...DIMENSIONS.map((dimension, i) => ({
        linkId: dimension,
        item: [
          { linkId: `${dimension}.score`, answer: [{ valueInteger: 3 + Math.floor(rng() * 6) }] },
          { linkId: `${dimension}.talk`, answer: [{ valueBoolean: i % 3 === 0 }] },
        ],
      })),
      { linkId: 'what-matters', answer: [{ valueString: pick(rng, WHAT_MATTERS) }] },
    ],
  };
}

function scoresOf(response: QuestionnaireResponse): ConversationDraft['positiveHealth'] {
  const scores: ConversationDraft['positiveHealth']['scores'] = {};
  const wantToTalk: TargetPositiveHealthDimensionCode[] = [];
  for (const group of response.item ?? []) {
    const dimension = DIMENSIONS.find((d) => d === group.linkId);
    if (!dimension) {
      continue;
    }
    const score = group.item?.find((i) => i.linkId.endsWith('.score'))?.answer?.[0]?.valueInteger;
    if (score !== undefined) {
      scores[dimension] = score;
    }
    if (group.item?.find((i) => i.linkId.endsWith('.talk'))?.answer?.[0]?.valueBoolean) {
      wantToTalk.push(dimension);
    }
  }
  return { scores, wantToTalk, ...(response.id ? { patientResponse: `QuestionnaireResponse/${response.id}` } : {}) };
}

/** One first conversation, its content drawn from the phrase lists. */
function conversation(
  rng: Rng,
  input: {
    patient: string;
    practitionerRole: string;
    practice: string;
    careBurden?: string;
    startedAt: string;
    newId: () => string;
    ownAnswers?: QuestionnaireResponse;
  },
): ConversationDraft {
  const draft = newConversationDraft({ ...input, place: pick(rng, ['AMB', 'AMB', 'HH', 'VR'] as const) });
  const positiveHealth = input.ownAnswers
    ? scoresOf(input.ownAnswers)
    : {
        scores: Object.fromEntries(DIMENSIONS.map((d) => [d, 2 + Math.floor(rng() * 7)])),
        wantToTalk: DIMENSIONS.filter(() => rng() < 0.35),
      };
  const lifeCount = 1 + Math.floor(rng() * 2);
  const lifeGoals = shuffled(rng, LIFE_GOALS)
    .slice(0, lifeCount)
    .map((goal) => ({ id: input.newId(), description: goal.text, dimension: goal.dimension }));
  const careGoals = lifeGoals.flatMap((life, i) =>
    Array.from({ length: 1 + ((i + lifeCount) % 2) }, () => ({
      id: input.newId(),
      lifeGoalId: life.id,
      description: pick(rng, CARE_GOALS),
      dueDate: isoDay(parseDay(input.startedAt.slice(0, 10)) + 60 + Math.floor(rng() * 60)),
    })),
  );
  // About 45% need no referral (the seeds' figure), the rest act themselves or are referred.
  const roll = rng();
  const outcome = roll < 0.45 ? 'no-referral' : roll < 0.7 ? 'own-action' : 'referral';
  const actions =
    outcome === 'no-referral' && rng() < 0.5 ? [] : shuffled(rng, ACTIONS).slice(0, 1 + Math.floor(rng() * 3));
  const start = parseDay(input.startedAt.slice(0, 10));
  return {
    ...draft,
    positiveHealth,
    whatMatters:
      input.ownAnswers?.item?.find((i) => i.linkId === 'what-matters')?.answer?.[0]?.valueString ??
      pick(rng, WHAT_MATTERS),
    goodDay: pick(rng, GOOD_DAY),
    lifeGoals,
    careGoals,
    actions: actions.map((action) => ({
      ...action,
      id: input.newId(),
      goalIds: [pick(rng, careGoals).id],
      followUp: isoDay(start + 30),
    })),
    outcome,
    referrals:
      outcome === 'referral' ? [{ ...pick(rng, REFERRALS), id: input.newId(), goalIds: [lifeGoals[0].id] }] : [],
    followUp: {
      id: input.newId(),
      dueDate: isoDay(start + 70),
      description: 'Vervolggesprek: hoe gaat het met de doelen?',
    },
  };
}

/** The follow-up conversation: a second measurement, a little better where the patient wanted to talk. */
function followUpConversation(
  rng: Rng,
  first: ConversationDraft,
  startedAt: string,
  newId: () => string,
): ConversationDraft {
  const draft = newConversationDraft({
    patient: first.patient,
    practitionerRole: first.practitionerRole,
    practice: first.practice,
    sequence: 'follow-up',
    startedAt,
    newId,
  });
  const scores = Object.fromEntries(
    Object.entries(first.positiveHealth.scores).map(([d, s]) => [d, Math.min(10, s + Math.floor(rng() * 3))]),
  );
  return {
    ...draft,
    positiveHealth: { scores, wantToTalk: [] },
    whatMatters: first.whatMatters,
    goodDay: first.goodDay,
    outcome: 'no-referral',
  };
}

async function writeConversation(
  repo: PostgresRepository,
  draft: ConversationDraft,
  questionnaire: Questionnaire,
  options: { finish: boolean; now: string },
): Promise<void> {
  const pending = buildConversationTransaction(draft, { ...options, questionnaire });
  const response = pending.entry?.find((e) => e.resource?.resourceType === 'QuestionnaireResponse')?.resource;
  const extracted: Observation[] =
    options.finish && response
      ? (() => {
          const result = extractPositiveHealth(questionnaire, response as QuestionnaireResponse);
          return [...result.observations, ...(result.panel ? [result.panel] : [])];
        })()
      : [];
  const bundle = buildConversationTransaction(draft, { ...options, questionnaire, extracted });
  await repo.upsertResources(
    (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource as unknown as Resource] : [])),
  );
}

/** At the follow-up, the first care goal is reached and the others are going better: new versions of each. */
async function reviseGoals(repo: PostgresRepository, draft: ConversationDraft, day: string): Promise<void> {
  const revised = await Promise.all(
    draft.careGoals.map(async (goal, i) => {
      const stored = readCareGoal(asR4('Goal', await repo.readResource('Goal', goal.id)) as Goal);
      return buildCareGoal({
        ...stored,
        ...(i === 0
          ? { lifecycleStatus: 'completed' as const, achievementStatus: 'achieved' as const }
          : { achievementStatus: 'improving' as const }),
        statusDate: day,
      }) as unknown as Resource;
    }),
  );
  await repo.upsertResources(revised);
}

async function completeFollowUp(repo: PostgresRepository, taskId: string): Promise<void> {
  const task = asR4('Task', await repo.readResource('Task', taskId)) as Task;
  await repo.upsertResources([{ ...task, status: 'completed' } as unknown as Resource]);
}

function shuffled<T>(rng: Rng, list: readonly T[]): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
