// One practice's record, written the same way to the foreign EHR stand-in and to the real TARGET server:
// a patient with two chronic conditions and a year of contacts of every type (plus contacts that must not
// count), two more chronically ill patients for the practice's cut-offs, the GP and their role, and a
// Positive Health measurement.
import type { Resource } from '@medplum/fhirtypes';
import {
  buildPatient,
  buildPositiveHealthDimensionObservation,
  buildPracticeOrganization,
  buildPractitioner,
  ExternalSystems,
  NZA_DECLARATION_SYSTEM,
  type TargetPositiveHealthDimensionCode,
  TargetPracticeRoleCodeSystem,
} from '@target/profiles';

export const PRACTICE_ID = 'praktijk-de-linde';
export const PATIENT_ID = 'jansen';
export const GP_ID = 'huisarts-de-boer';
export const GP_ROLE_ID = 'huisarts-de-boer-rol';
/** The reference date the tests look at: the window is 30 June 2024 up to and including 29 June 2025. */
export const REFERENCE_DATE = '2025-06-30';
export const EARLIER_DATE = '2025-01-31';

const PRACTICE = `Organization/${PRACTICE_ID}`;
let encounterCount = 0;

function patient(id: string, family: string): Resource {
  return buildPatient({
    id,
    names: [{ use: 'official', text: `Test ${family}`, family, given: ['Test'] }],
    birthDate: '1950-03-14',
    gender: 'female',
    addresses: [],
    generalPractitioners: [{ reference: PRACTICE }],
  }) as Resource;
}

function condition(id: string, patientId: string, code: string, display: string, verification = 'confirmed'): Resource {
  return {
    resourceType: 'Condition',
    id,
    subject: { reference: `Patient/${patientId}` },
    code: { coding: [{ system: ExternalSystems.ICPC, code, display }], text: display },
    clinicalStatus: { coding: [{ system: ExternalSystems.ConditionClinical, code: 'active' }] },
    verificationStatus: { coding: [{ system: ExternalSystems.ConditionVerification, code: verification }] },
    onsetDateTime: '2012-05-01',
  } as Resource;
}

interface Contact {
  cls: 'AMB' | 'HH' | 'VR';
  day: string;
  minutes?: number;
  status?: string;
  provider?: string | null;
  type?: { system: string; code: string };
}

function encounter(patientId: string, contact: Contact): Resource {
  const start = `${contact.day}T09:00:00Z`;
  const end = new Date(Date.parse(start) + (contact.minutes ?? 10) * 60_000).toISOString();
  return {
    resourceType: 'Encounter',
    id: `contact-${patientId}-${++encounterCount}`,
    status: contact.status ?? 'finished',
    class: { system: ExternalSystems.ActCode, code: contact.cls },
    ...(contact.type ? { type: [{ coding: [contact.type] }] } : {}),
    subject: { reference: `Patient/${patientId}` },
    period: { start, end },
    ...(contact.provider === null ? {} : { serviceProvider: { reference: contact.provider ?? PRACTICE } }),
  } as Resource;
}

/**
 * The main patient's contacts. Counted in the window (default weights):
 * consult 4 (three of 10 min, one naming no provider) × 1 = 4; consult-long 1 × 2 = 2; consult-short 1 × 0.5;
 * visit 2 × 1.5 = 3; visit-long 1 (NZa 12003) × 2.5; phone 1 × 0.5; e-consult 1 × 0.5 → 13.
 * Not counted: a cancelled consult, a hospital's outpatient visit, a consult before the window.
 */
export const EXPECTED_SCORE = 13;
export const EXPECTED_CONTACTS = {
  'consult-short': { count: 1, weight: 0.5, points: 0.5 },
  consult: { count: 4, weight: 1, points: 4 },
  'consult-long': { count: 1, weight: 2, points: 2 },
  visit: { count: 2, weight: 1.5, points: 3 },
  'visit-long': { count: 1, weight: 2.5, points: 2.5 },
  phone: { count: 1, weight: 0.5, points: 0.5 },
  'e-consult': { count: 1, weight: 0.5, points: 0.5 },
};

const MAIN_CONTACTS: Contact[] = [
  { cls: 'AMB', day: '2024-08-12' },
  { cls: 'AMB', day: '2024-10-03' },
  { cls: 'AMB', day: '2025-02-17' },
  { cls: 'AMB', day: '2025-04-22', provider: null },
  { cls: 'AMB', day: '2025-03-05', minutes: 25 },
  { cls: 'AMB', day: '2025-05-09', minutes: 3 },
  { cls: 'HH', day: '2024-12-02', minutes: 15 },
  { cls: 'HH', day: '2025-01-20', minutes: 15 },
  { cls: 'AMB', day: '2025-06-02', type: { system: NZA_DECLARATION_SYSTEM, code: '12003' } },
  { cls: 'VR', day: '2025-05-26', type: { system: ExternalSystems.SCT, code: '185317003' } },
  { cls: 'VR', day: '2025-06-10' },
  { cls: 'AMB', day: '2025-03-14', status: 'cancelled' },
  { cls: 'AMB', day: '2025-02-03', provider: 'Organization/ziekenhuis' },
  { cls: 'AMB', day: '2024-03-01' },
];

const DIMENSION_SCORES: Readonly<Record<TargetPositiveHealthDimensionCode, number>> = {
  'bodily-functions': 4,
  'mental-wellbeing': 6.5,
  meaningfulness: 7,
  'quality-of-life': 5,
  participation: 3,
  'daily-functioning': 6,
};

/** One measurement: the scores above, `change` lower or higher in every dimension. */
export function positiveHealth(patientId: string, answeredAt: string, change = 0): Resource[] {
  return Object.entries(DIMENSION_SCORES).map(
    ([dimension, base]) =>
      buildPositiveHealthDimensionObservation({
        id: `ph-${patientId}-${answeredAt.slice(0, 10)}-${dimension}`,
        status: 'final',
        patient: { reference: `Patient/${patientId}` },
        answeredAt,
        dimension: dimension as TargetPositiveHealthDimensionCode,
        score: base + change,
        wantToTalk: dimension === 'participation' && change === 0,
        derivedFrom: [{ reference: `QuestionnaireResponse/ph-${patientId}` }],
      }) as Resource,
  );
}

export function practiceRecord(): Resource[] {
  return [
    buildPracticeOrganization({ id: PRACTICE_ID, agb: '01234567', name: 'Huisartsenpraktijk De Linde', addresses: [] }),
    { resourceType: 'Organization', id: 'ziekenhuis', name: 'Ziekenhuis' },
    buildPractitioner({ id: GP_ID, names: [{ text: 'Dr. de Boer', family: 'Boer', given: ['Anna'] }] }),
    {
      resourceType: 'PractitionerRole',
      id: GP_ROLE_ID,
      active: true,
      practitioner: { reference: `Practitioner/${GP_ID}` },
      organization: { reference: PRACTICE },
      code: [{ coding: [{ system: TargetPracticeRoleCodeSystem.url, code: 'gp' }] }],
    },
    patient(PATIENT_ID, 'Jansen'),
    condition('jansen-diabetes', PATIENT_ID, 'T90.02', 'Diabetes mellitus type 2'),
    condition('jansen-hartfalen', PATIENT_ID, 'K77', 'Hartfalen'),
    condition('jansen-copd-refuted', PATIENT_ID, 'R95', 'COPD', 'refuted'),
    ...MAIN_CONTACTS.map((contact) => encounter(PATIENT_ID, contact)),
    patient('bakker', 'Bakker'),
    condition('bakker-astma', 'bakker', 'R96', 'Astma'),
    encounter('bakker', { cls: 'AMB', day: '2025-01-10' }),
    encounter('bakker', { cls: 'AMB', day: '2025-04-10' }),
    patient('visser', 'Visser'),
    condition('visser-artrose', 'visser', 'L90', 'Artrose knie'),
    encounter('visser', { cls: 'AMB', day: '2025-02-11' }),
    ...positiveHealth(PATIENT_ID, '2025-05-20T10:00:00+02:00'),
    ...positiveHealth(PATIENT_ID, '2024-11-05T14:00:00+01:00', -1),
  ] as Resource[];
}
