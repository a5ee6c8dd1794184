// The record of the profiles' test patient (target-patient-example, the generated examples), filled out so
// that the per-patient flow reproduces the generated care-burden example on 2025-01-01: in the window
// 2024-01-02 … 2024-12-31, 8 consults, 2 long consults, 1 home visit and 6 telephone consults with the
// default weights = 8 × 1.0 + 2 × 2.0 + 1 × 1.5 + 6 × 0.5 = 16.5; diabetes (T90.02) and COPD (R95). Besides
// them: a cancelled consult, a consult before the window and a practice nurse's consult (counted by default:
// added only where a test says so). The GP (target-practitioner-example) works at the practice
// (target-practice-organization-example) through a PractitionerRole.
import type { Encounter, Patient, PractitionerRole, Resource } from 'fhir/r4.js';
import { example } from '../builders/support.ts';
import { ACT_CODE, PRACTICE_ROLE_SYSTEM, SCT, TELEPHONE_ENCOUNTER } from './support.ts';

export const REFERENCE_DATE = '2025-01-01';
export const PATIENT = 'Patient/target-patient-example';
export const PRACTICE = 'Organization/target-practice-organization-example';
export const GP = 'Practitioner/target-practitioner-example';
export const NURSE = 'Practitioner/poh';

let count = 0;
/** A finished contact of the test patient with the GP, `minutes` long when given. */
export function contact(
  classCode: string,
  start: string,
  minutes?: number,
  changes: Partial<Encounter> = {},
): Encounter {
  return {
    resourceType: 'Encounter',
    id: `contact-${++count}`,
    status: 'finished',
    class: { system: ACT_CODE, code: classCode },
    subject: { reference: PATIENT },
    participant: [{ individual: { reference: GP } }],
    period: {
      start,
      ...(minutes === undefined ? {} : { end: new Date(Date.parse(start) + minutes * 60_000).toISOString() }),
    },
    ...changes,
  };
}

function role(id: string, practitioner: string, code: string): PractitionerRole {
  return {
    resourceType: 'PractitionerRole',
    id,
    active: true,
    practitioner: { reference: practitioner },
    organization: { reference: PRACTICE },
    code: [{ coding: [{ system: PRACTICE_ROLE_SYSTEM, code }] }],
  };
}

const phone = { type: [{ coding: [{ system: SCT, code: TELEPHONE_ENCOUNTER }] }] };

/** The counted contacts: 16.5 with the default weights. */
export function countedContacts(): Encounter[] {
  return [
    ...[2, 3, 4, 5, 6, 7, 8, 9].map((month) => contact('AMB', `2024-0${month}-12T09:00:00+02:00`, 10)),
    ...[10, 11].map((month) => contact('AMB', `2024-${month}-14T09:00:00+01:00`, 30)),
    contact('HH', '2024-06-20T14:00:00+02:00'),
    ...[1, 2, 3, 4, 5, 6].map((day) => contact('VR', `2024-12-0${day}T11:00:00+01:00`, 5, phone)),
  ];
}

/** A practice nurse's consult in the window: 1.0 more when practice-nurse contacts count. */
export function nurseContact(): Encounter {
  return contact('AMB', '2024-09-30T10:00:00+02:00', 15, { participant: [{ individual: { reference: NURSE } }] });
}

/** The test patient's record and practice, as a FHIR server holds them. */
export function exampleRecord(): Resource[] {
  return [
    example<Patient>('target-patient-example'),
    example('target-practitioner-example'),
    example('target-practice-organization-example'),
    example('target-condition-diabetes-example'),
    example('target-condition-copd-example'),
    role('gp-role', GP, 'gp'),
    role('poh-role', NURSE, 'practice-nurse'),
    ...countedContacts(),
    contact('AMB', '2024-04-03T09:00:00+02:00', 10, { status: 'cancelled' }),
    contact('AMB', '2023-12-28T09:00:00+01:00', 10),
  ];
}
