// Care planning and referral: questionnaires and their responses, goals, care plans, care teams,
// service requests (referrals, lab orders) and the tasks that carry them to the receiving party.
import type {
  CarePlan,
  CareTeam,
  Condition,
  Goal,
  Patient,
  Questionnaire,
  QuestionnaireResponse,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import type { Rng } from './random.ts';
import { isoDate, localDateTime, officeMinutes, pad, randomDay } from './random.ts';
import type { Ref } from './systems.ts';
import { ref, SYSTEM } from './systems.ts';

export interface Care {
  readonly questionnaires: Questionnaire[];
  readonly responses: QuestionnaireResponse[];
  readonly goals: Goal[];
  readonly carePlans: CarePlan[];
  readonly careTeams: CareTeam[];
  readonly serviceRequests: ServiceRequest[];
  readonly tasks: Task[];
}

export interface CareContext {
  readonly patients: Patient[];
  readonly conditions: Condition[];
  readonly practitionerCount: number;
}

const prac = (rng: Rng, ctx: CareContext): Ref =>
  ref('Practitioner', `prac-${pad(rng.int(1, ctx.practitionerCount), 4)}`);
const conditionsOf = (ctx: CareContext, patient: Ref): Condition[] =>
  ctx.conditions.filter((c) => c.subject.reference === patient.reference);

export const QUESTIONNAIRES: readonly (readonly [id: string, slug: string, name: string, title: string])[] = [
  ['q-0001', 'target-positieve-gezondheid', 'TargetPositieveGezondheid', 'Positieve Gezondheid (TARGET)'],
  ['q-0002', '4dkl', 'VierDKL', 'Vierdimensionale Klachtenlijst'],
  ['q-0003', 'zorgbehoefte', 'Zorgbehoeftescan', 'Zorgbehoeftescan ouderen'],
];
const DIMENSIONS = [
  'lichaamsfuncties',
  'mentaal-welbevinden',
  'zingeving',
  'kwaliteit-van-leven',
  'meedoen',
  'dagelijks-functioneren',
];

function questionnaires(): Questionnaire[] {
  return QUESTIONNAIRES.map(([id, slug, name, title], i) => ({
    resourceType: 'Questionnaire',
    id,
    url: `${SYSTEM.questionnaireBase}/${slug}`,
    ...(i === 2 ? {} : { version: i === 0 ? '1.0' : '2.1' }),
    name,
    title,
    status: i === 2 ? 'draft' : 'active',
    ...(i === 2 ? {} : { date: `2024-0${i + 1}-15` }),
    publisher: i === 0 ? 'TARGET' : 'Stichting 4DKL',
    item: DIMENSIONS.map((linkId) => ({ linkId, text: linkId.replace(/-/g, ' '), type: 'integer' })),
  }));
}

function responses(rng: Rng, ctx: CareContext, count: number): QuestionnaireResponse[] {
  const result: QuestionnaireResponse[] = [];
  for (let i = 1; i <= count; i++) {
    const [, slug] =
      QUESTIONNAIRES[
        rng.weighted([
          [0, 6],
          [1, 3],
          [2, 1],
        ])
      ];
    const patient = ref('Patient', rng.pick(ctx.patients).id as string);
    const status = rng.weighted<QuestionnaireResponse['status']>([
      ['completed', 8],
      ['in-progress', 2],
      ['amended', 1],
    ]);
    result.push({
      resourceType: 'QuestionnaireResponse',
      id: `qr-${pad(i, 4)}`,
      questionnaire: `${SYSTEM.questionnaireBase}/${slug}`,
      status,
      subject: patient,
      ...(i % 15 === 4
        ? {}
        : { authored: localDateTime(randomDay(rng, '2023-01-01', '2025-06-27'), officeMinutes(rng)) }),
      author: rng.chance(0.6) ? patient : prac(rng, ctx),
      item: DIMENSIONS.slice(0, status === 'in-progress' ? 3 : 6).map((linkId) => ({
        linkId,
        answer: [{ valueInteger: rng.int(0, 10) }],
      })),
    });
  }
  return result;
}

function goals(rng: Rng, ctx: CareContext, count: number): Goal[] {
  const result: Goal[] = [];
  for (let i = 1; i <= count; i++) {
    const patient = ref('Patient', rng.pick(ctx.patients).id as string);
    const hba1c = rng.chance(0.5);
    const lifecycleStatus = rng.weighted<Goal['lifecycleStatus']>([
      ['active', 50],
      ['proposed', 10],
      ['accepted', 10],
      ['completed', 15],
      ['cancelled', 8],
      ['on-hold', 5],
      ['entered-in-error', 2],
    ]);
    const start = randomDay(rng, '2021-01-01', '2025-05-01');
    result.push({
      resourceType: 'Goal',
      id: `goal-${pad(i, 4)}`,
      lifecycleStatus,
      ...(i % 4 === 0
        ? {}
        : {
            achievementStatus: {
              coding: [
                {
                  system: SYSTEM.goalAchievement,
                  code: rng.pick(['in-progress', 'improving', 'worsening', 'achieved']),
                },
              ],
            },
          }),
      ...(i % 5 === 1
        ? {}
        : { category: [{ coding: [{ system: SYSTEM.goalCategory, code: hba1c ? 'dietary' : 'behavioral' }] }] }),
      description: { text: hba1c ? 'HbA1c onder 53 mmol/mol' : 'Dagelijks 30 minuten wandelen' },
      subject: patient,
      startDate: isoDate(start),
      ...(i % 3 === 2
        ? {}
        : {
            target: [
              hba1c
                ? {
                    measure: { coding: [{ system: SYSTEM.loinc, code: '59261-8' }] },
                    detailQuantity: {
                      comparator: '<',
                      value: 53,
                      unit: 'mmol/mol',
                      system: SYSTEM.ucum,
                      code: 'mmol/mol',
                    },
                    dueDate: isoDate(start + rng.int(60, 400)),
                  }
                : { dueDate: isoDate(start + rng.int(30, 200)) },
            ],
          }),
      expressedBy: rng.chance(0.5) ? patient : prac(rng, ctx),
      ...(conditionsOf(ctx, patient).length
        ? { addresses: [ref('Condition', conditionsOf(ctx, patient)[0].id as string)] }
        : {}),
    });
  }
  return result;
}

function careTeams(rng: Rng, ctx: CareContext, count: number): CareTeam[] {
  const categories = [
    ['LA27976-2', 'Encounter-focused'],
    ['LA27977-0', 'Episode of care-focused'],
    ['LA28865-6', 'Longitudinal care-coordination focused'],
  ];
  const result: CareTeam[] = [];
  for (let i = 1; i <= count; i++) {
    const patient = ref('Patient', rng.pick(ctx.patients).id as string);
    const [code] = rng.pick(categories);
    const start = randomDay(rng, '2020-01-01', '2025-03-01');
    result.push({
      resourceType: 'CareTeam',
      id: `ct-${pad(i, 4)}`,
      status: rng.weighted<CareTeam['status']>([
        ['active', 7],
        ['inactive', 2],
        ['proposed', 1],
      ]),
      category: [{ coding: [{ system: SYSTEM.careTeamCategory, code }] }],
      name: `Zorgteam ${i}`,
      subject: patient,
      period: i % 4 === 0 ? { start: isoDate(start), end: isoDate(start + 365) } : { start: isoDate(start) },
      participant: [
        { role: [{ coding: [{ system: SYSTEM.snomed, code: '62247001' }] }], member: prac(rng, ctx) },
        { role: [{ coding: [{ system: SYSTEM.snomed, code: '116154003' }] }], member: patient },
        ...(i % 3 === 0 ? [{ member: ref('Organization', 'org-0010') }] : []),
      ],
      managingOrganization: [ref('Organization', 'org-0001')],
    });
  }
  return result;
}

export const REFERRALS: readonly (readonly [code: string, display: string, performer: string])[] = [
  ['183519002', 'Referral to cardiology service', 'org-0008'],
  ['306206005', 'Referral to internal medicine service', 'org-0005'],
  ['183524004', 'Referral to respiratory service', 'org-0006'],
  ['390866009', 'Referral to physiotherapist', 'org-0013'],
  ['703978000', 'Referral to primary care service', 'org-0010'],
  ['104177005', 'Blood test', 'org-0004'],
];

function serviceRequests(rng: Rng, ctx: CareContext, count: number): ServiceRequest[] {
  const result: ServiceRequest[] = [];
  for (let i = 1; i <= count; i++) {
    const patient = ref('Patient', rng.pick(ctx.patients).id as string);
    const [code, display, performer] = rng.pick(REFERRALS);
    const authored = randomDay(rng, '2022-01-01', '2025-06-20');
    const reasons = conditionsOf(ctx, patient);
    result.push({
      resourceType: 'ServiceRequest',
      id: `sr-${pad(i, 4)}`,
      status: rng.weighted<ServiceRequest['status']>([
        ['active', 4],
        ['completed', 4],
        ['revoked', 1],
        ['draft', 1],
      ]),
      intent: rng.weighted<ServiceRequest['intent']>([
        ['order', 8],
        ['plan', 1],
        ['proposal', 1],
      ]),
      category: [{ coding: [{ system: SYSTEM.snomed, code: code === '104177005' ? '108252007' : '3457005' }] }],
      ...(i % 6 === 5
        ? {}
        : {
            priority: rng.weighted<ServiceRequest['priority']>([
              ['routine', 7],
              ['urgent', 2],
              ['asap', 1],
            ]),
          }),
      code: { coding: [{ system: SYSTEM.snomed, code, display }] },
      subject: patient,
      ...(i % 8 === 3 ? {} : { occurrenceDateTime: isoDate(authored + rng.int(7, 60)) }),
      authoredOn: localDateTime(authored, officeMinutes(rng)),
      requester: prac(rng, ctx),
      performer: [ref('Organization', performer)],
      ...(reasons.length && i % 3 !== 0 ? { reasonReference: [ref('Condition', reasons[0].id as string)] } : {}),
    });
  }
  return result;
}

function tasks(rng: Rng, requests: ServiceRequest[], count: number): Task[] {
  const result: Task[] = [];
  const businessStatus = ['aangemeld', 'in-behandeling', 'afgerond', 'afgewezen'];
  for (let i = 1; i <= count; i++) {
    const request = requests[(i - 1) % requests.length];
    const authored = Date.parse(request.authoredOn as string) / 86_400_000;
    const authoredDay = Math.floor(authored);
    const status = rng.weighted<Task['status']>([
      ['requested', 3],
      ['accepted', 2],
      ['in-progress', 3],
      ['completed', 4],
      ['rejected', 1],
      ['cancelled', 1],
    ]);
    result.push({
      resourceType: 'Task',
      id: `task-${pad(i, 4)}`,
      basedOn: [ref('ServiceRequest', request.id as string)],
      status,
      ...(i % 5 === 2
        ? {}
        : { businessStatus: { coding: [{ system: SYSTEM.taskBusinessStatus, code: rng.pick(businessStatus) }] } }),
      intent: 'order',
      ...(request.priority ? { priority: request.priority } : {}),
      code: { coding: [{ system: SYSTEM.taskCode, code: 'fulfill' }] },
      focus: ref('ServiceRequest', request.id as string),
      for: request.subject,
      authoredOn: localDateTime(authoredDay + 1, officeMinutes(rng)),
      ...(status === 'requested'
        ? {}
        : { lastModified: localDateTime(authoredDay + rng.int(2, 40), officeMinutes(rng)) }),
      requester: request.requester,
      ...(status === 'requested' ? {} : { owner: request.performer?.[0] }),
      ...(status === 'completed'
        ? { executionPeriod: { start: isoDate(authoredDay + 2), end: isoDate(authoredDay + rng.int(10, 60)) } }
        : {}),
    });
  }
  return result;
}

function carePlans(
  rng: Rng,
  ctx: CareContext,
  teams: CareTeam[],
  allGoals: Goal[],
  requests: ServiceRequest[],
  count: number,
) {
  const result: CarePlan[] = [];
  for (let i = 1; i <= count; i++) {
    const team = teams[(i - 1) % teams.length];
    const patient = { reference: team.subject?.reference as string };
    const patientGoals = allGoals.filter((g) => g.subject.reference === patient.reference);
    const patientRequests = requests.filter((r) => r.subject.reference === patient.reference);
    const reasons = conditionsOf(ctx, patient);
    const start = randomDay(rng, '2021-01-01', '2025-04-01');
    result.push({
      resourceType: 'CarePlan',
      id: `cp-${pad(i, 4)}`,
      status: rng.weighted<CarePlan['status']>([
        ['active', 6],
        ['completed', 2],
        ['draft', 1],
        ['revoked', 1],
      ]),
      intent: i % 7 === 0 ? 'proposal' : 'plan',
      category: [{ coding: [{ system: SYSTEM.snomed, code: rng.pick(['736353004', '735984001', '736271009']) }] }],
      title: `Individueel zorgplan ${i}`,
      subject: patient,
      period:
        i % 3 === 0 ? { start: isoDate(start), end: isoDate(start + rng.int(90, 700)) } : { start: isoDate(start) },
      created: localDateTime(start, officeMinutes(rng)),
      author: prac(rng, ctx),
      careTeam: [ref('CareTeam', team.id as string)],
      ...(reasons.length ? { addresses: reasons.slice(0, 2).map((c) => ref('Condition', c.id as string)) } : {}),
      ...(patientGoals.length ? { goal: patientGoals.map((g) => ref('Goal', g.id as string)) } : {}),
      ...(patientRequests.length
        ? { activity: [{ reference: ref('ServiceRequest', patientRequests[0].id as string) }] }
        : {}),
    });
  }
  return result;
}

export function generateCare(
  rng: Rng,
  ctx: CareContext,
  sizes: Record<Exclude<keyof Care, 'questionnaires'>, number>,
): Care {
  const serviceRequestList = serviceRequests(rng, ctx, sizes.serviceRequests);
  const teams = careTeams(rng, ctx, sizes.careTeams);
  const goalList = goals(rng, ctx, sizes.goals);
  return {
    questionnaires: questionnaires(),
    responses: responses(rng, ctx, sizes.responses),
    goals: goalList,
    carePlans: carePlans(rng, ctx, teams, goalList, serviceRequestList, sizes.carePlans),
    careTeams: teams,
    serviceRequests: serviceRequestList,
    tasks: tasks(rng, serviceRequestList, sizes.tasks),
  };
}
