// A small practice for the worklist's tests (server and app): six chronically ill patients whose Dutch names
// test the surname order ("de Vries" under V, "van den Berg" under B), their contacts worked out by hand,
// a second practice with one patient, and the selection of each made by $target-selection itself.
//
// Practice wl-a, reference date 2025-07-01, diabetes (T90) since 2010 unless said otherwise:
//   Ömer Bakker         6 consults                      6  high (≥ P90 5.2), HNHC (top 10%)
//   Els van den Berg    4 consults, also COPD (R95)     4  medium (≥ mean 2.6), HNHC (multimorbid, > mean)
//   Kees Mulder         3 consults, diabetes since 2025-05  3  new
//   Jan de Vries        2 consults; other conversation 2025-07-05, follow-up due 2025-10-01   2  low
//   Piet Dekker         1 consult                       1  low
//   Anna Jansen         no contacts                     0  low
// Not new: 6, 4, 2, 1, 0 → mean 2.6; P90 = 4 + 0.6 × 2 = 5.2.
import type { Resource } from '@medplum/fhirtypes';
import { buildPatient, buildPracticeOrganization, ExternalSystems, TargetConceptCodeSystem } from '@target/profiles';
import { expect } from 'vitest';
import type { AccessTokenClaims } from '../../../server/src/access/tokens.ts';

/** FHIR JSON over HTTP as the server's administrator (fhirFetch bound to a test server). */
export type AdminFetch = (
  path: string,
  init?: { method?: string; body?: unknown },
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever FHIR JSON the server answered
) => Promise<{ status: number; body: any }>;

export const REFERENCE_DATE = '2025-07-01';
export const PRACTICE = 'wl-a';
export const OTHER_PRACTICE = 'wl-b';

const people = [
  { id: 'wl-bakker', family: 'Bakker', given: 'Ömer', consults: 6, extra: [] as string[] },
  { id: 'wl-berg', family: 'van den Berg', given: 'Els', consults: 4, extra: ['R95'] },
  { id: 'wl-mulder', family: 'Mulder', given: 'Kees', consults: 3, extra: [], since: '2025-05-01' },
  { id: 'wl-vries', family: 'de Vries', given: 'Jan', consults: 2, extra: [] },
  { id: 'wl-dekker', family: 'Dekker', given: 'Piet', consults: 1, extra: [] },
  { id: 'wl-jansen', family: 'Jansen', given: 'Anna', consults: 0, extra: [] },
];

export const PATIENT_IDS = people.map((p) => p.id);

function patient(id: string, family: string, given: string, practice: string): Resource {
  return buildPatient({
    id,
    names: [{ use: 'official', family, given: [given] }],
    birthDate: '1960-01-01',
    addresses: [],
    generalPractitioners: [{ reference: `Organization/${practice}` }],
  }) as Resource;
}

function condition(id: string, patientId: string, code: string, onset: string): Resource {
  return {
    resourceType: 'Condition',
    id,
    subject: { reference: `Patient/${patientId}` },
    code: { coding: [{ system: ExternalSystems.ICPC, code, display: code === 'T90' ? 'Diabetes mellitus' : 'COPD' }] },
    clinicalStatus: { coding: [{ system: ExternalSystems.ConditionClinical, code: 'active' }] },
    verificationStatus: { coding: [{ system: ExternalSystems.ConditionVerification, code: 'confirmed' }] },
    onsetDateTime: onset,
  } as Resource;
}

function consult(id: string, patientId: string, day: number): Resource {
  const date = `2025-0${1 + (day % 6)}-${String(10 + day).padStart(2, '0')}`;
  return {
    resourceType: 'Encounter',
    id,
    status: 'finished',
    class: { system: ExternalSystems.ActCode, code: 'AMB' },
    subject: { reference: `Patient/${patientId}` },
    period: { start: `${date}T09:00:00+01:00`, end: `${date}T09:10:00+01:00` },
  } as Resource;
}

export function worklistWorld(): Resource[] {
  return [
    buildPracticeOrganization({
      id: PRACTICE,
      agb: '01234560',
      name: 'Huisartsenpraktijk Werklijst',
      addresses: [],
    }) as Resource,
    buildPracticeOrganization({
      id: OTHER_PRACTICE,
      agb: '01234561',
      name: 'Praktijk Elders',
      addresses: [],
    }) as Resource,
    ...people.flatMap((p) => [
      patient(p.id, p.family, p.given, PRACTICE),
      condition(`${p.id}-t90`, p.id, 'T90', p.since ?? '2010-01-01'),
      ...p.extra.map((code) => condition(`${p.id}-${code.toLowerCase()}`, p.id, code, '2012-01-01')),
      ...Array.from({ length: p.consults }, (_, i) => consult(`${p.id}-c${i}`, p.id, i)),
    ]),
    {
      resourceType: 'Encounter',
      id: 'wl-vries-conversation',
      status: 'finished',
      class: { system: ExternalSystems.ActCode, code: 'AMB' },
      type: [{ coding: [{ system: TargetConceptCodeSystem.url, code: 'other-conversation' }] }],
      subject: { reference: 'Patient/wl-vries' },
      period: { start: '2025-07-05T10:00:00+02:00', end: '2025-07-05T10:45:00+02:00' },
    } as Resource,
    {
      resourceType: 'Task',
      id: 'wl-vries-follow-up',
      status: 'requested',
      intent: 'plan',
      code: { coding: [{ system: TargetConceptCodeSystem.url, code: 'follow-up' }] },
      description: 'Vervolggesprek',
      for: { reference: 'Patient/wl-vries' },
      encounter: { reference: 'Encounter/wl-vries-conversation' },
      authoredOn: '2025-07-05',
      owner: { reference: `Organization/${PRACTICE}` },
      restriction: { period: { end: '2025-10-01' } },
    } as Resource,
    patient('wl-elders', 'Elders', 'Bram', OTHER_PRACTICE),
    condition('wl-elders-t90', 'wl-elders', 'T90', '2010-01-01'),
    consult('wl-elders-c0', 'wl-elders', 0),
  ];
}

/** Stores the world and runs each practice's selection; answers the id of each practice's Group. */
export async function storeWorklistWorld(admin: AdminFetch): Promise<{ group: string; otherGroup: string }> {
  const response = await admin('', {
    method: 'POST',
    body: {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: worklistWorld().map((resource) => ({
        resource,
        request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
      })),
    },
  });
  expect(response.status).toBe(200);
  const select = async (practice: string) => {
    const run = await admin('Group/$target-selection', {
      method: 'POST',
      body: {
        resourceType: 'Parameters',
        parameter: [
          { name: 'practice', valueReference: { reference: `Organization/${practice}` } },
          { name: 'date', valueDate: REFERENCE_DATE },
        ],
      },
    });
    expect(run.status).toBe(200);
    const summary = run.body.parameter[0].part as { name: string; valueReference?: { reference: string } }[];
    const group = summary.find((p) => p.name === 'group')?.valueReference?.reference ?? '';
    return group.replace('Group/', '');
  };
  return { group: await select(PRACTICE), otherGroup: await select(OTHER_PRACTICE) };
}

/** A GP of a practice, as the SMART app's token names them. */
export function gpOf(practice: string): AccessTokenClaims {
  return {
    sub: `gp-${practice}`,
    client_id: 'target-app',
    scope: 'openid fhirUser user/*.cruds',
    target_role: 'gp',
    target_organization: practice,
  };
}
