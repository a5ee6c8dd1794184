// Records from other systems give the right selection (issue 14), over HTTP on both databases: a practice
// recorded the way Synthea records one — every Encounter with a serviceProvider, the practice's own among a
// hospital's outpatient, emergency, inpatient and telemedicine Encounters — whose data end in June 2019.
// Only the practice's contacts count; on today's date (the default) the counting window is empty, so every
// burden is 0, everyone is low, nobody HNHC, and the answer warns with the date of the latest contact.
import type { Resource } from '@medplum/fhirtypes';
import {
  addDays,
  buildPatient,
  buildPracticeOrganization,
  buildPracticeSettings,
  ExternalSystems,
  practiceToday,
} from '@target/profiles';
import { describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, type TestServer, useTestServer } from '../../support/server.ts';
import { encounterOn } from './support.ts';

const PRACTICE = 'synthea-practice';
const EMPTY_PRACTICE = 'practice-without-contacts';
const HOSPITAL = 'Organization/synthea-hospital';
const OWN = `Organization/${PRACTICE}`;
/** The day after the practice's latest contact (14 June 2019): the window is the year up to it. */
const AFTER_THE_DATA = '2019-06-15';

function patient(id: string, practice = PRACTICE): Resource {
  return buildPatient({
    id,
    names: [{ family: `Synthea-${id}`, given: ['Test'] }],
    birthDate: '1955-04-01',
    addresses: [],
    generalPractitioners: [{ reference: `Organization/${practice}` }],
  }) as Resource;
}

function condition(id: string, patientId: string, icpc: string): Resource {
  return {
    resourceType: 'Condition',
    id,
    subject: { reference: `Patient/${patientId}` },
    code: { coding: [{ system: ExternalSystems.ICPC, code: icpc }] },
    clinicalStatus: { coding: [{ system: ExternalSystems.ConditionClinical, code: 'active' }] },
    verificationStatus: { coding: [{ system: ExternalSystems.ConditionVerification, code: 'confirmed' }] },
    onsetDateTime: '2010-01-01',
  } as Resource;
}

/**
 * On 2019-06-15, counting only the practice's contacts (consults of 10 minutes, 1.0 each):
 * s1 (diabetes + heart failure): 4 practice consults; a hospital prenatal visit (AMB), emergency and admission
 *   never count = 4.
 * s2 (COPD): 2 practice consults; three hospital outpatient procedures (AMB) and a telemedicine visit (VR) = 2.
 * s3 (osteoarthritis): 1 practice consult + 1 Encounter naming no provider (counts by default) = 2.
 * s4 (coronary heart disease + heart failure): only hospital visits, the last on 25 June 2019 = 0.
 * s5 (depression): 6 practice consults, the last on 14 June 2019 = 6.
 * Scores 0, 2, 2, 4, 6 → mean 2.8; P90 = 4 + 0.6 × 2 = 5.2: s5 high, s1 medium, s2 s3 s4 low; HNHC s5 (top
 * 10%) and s1 (two diseases, above the mean); s4 has two diseases but a burden of 0: not HNHC.
 * A second practice's one patient (s6, diabetes) has only a hospital visit.
 */
function records(): Resource[] {
  const practice = (id: string, agb: string) =>
    buildPracticeOrganization({ id, agb, name: `Praktijk ${id}`, addresses: [] }) as Resource;
  return [
    practice(PRACTICE, '01111111'),
    practice(EMPTY_PRACTICE, '01222222'),
    { resourceType: 'Organization', id: 'synthea-hospital', name: 'Ziekenhuis' } as Resource,
    ...['s1', 's2', 's3', 's4', 's5'].map((id) => patient(id)),
    patient('s6', EMPTY_PRACTICE),
    condition('c1a', 's1', 'T90'),
    condition('c1b', 's1', 'K77'),
    condition('c2', 's2', 'R95'),
    condition('c3', 's3', 'L90'),
    condition('c4a', 's4', 'K74'),
    condition('c4b', 's4', 'K77'),
    condition('c5', 's5', 'P76'),
    condition('c6', 's6', 'T90'),
    ...['2019-01-10', '2019-02-11', '2019-03-11', '2019-04-10'].map((day) =>
      encounterOn('s1', 'AMB', day, { provider: OWN }),
    ),
    encounterOn('s1', 'AMB', '2019-02-20', { provider: HOSPITAL }),
    encounterOn('s1', 'EMER', '2019-03-01', { provider: HOSPITAL }),
    encounterOn('s1', 'IMP', '2019-04-01', { provider: HOSPITAL }),
    ...['2019-02-05', '2019-05-06'].map((day) => encounterOn('s2', 'AMB', day, { provider: OWN })),
    ...['2019-01-15', '2019-03-15', '2019-05-15'].map((day) => encounterOn('s2', 'AMB', day, { provider: HOSPITAL })),
    encounterOn('s2', 'VR', '2019-04-15', { provider: HOSPITAL }),
    encounterOn('s3', 'AMB', '2019-06-03', { provider: OWN }),
    encounterOn('s3', 'AMB', '2019-03-01'),
    ...['2019-02-02', '2019-06-25'].map((day) => encounterOn('s4', 'AMB', day, { provider: HOSPITAL })),
    ...['2019-01-07', '2019-02-07', '2019-03-07', '2019-04-08', '2019-05-07', '2019-06-14'].map((day) =>
      encounterOn('s5', 'AMB', day, { provider: OWN }),
    ),
    encounterOn('s6', 'AMB', '2019-05-05', { provider: HOSPITAL }),
    // The second practice's settings leave unattributed Encounters out; s3 is computed with them by settings=.
    buildPracticeSettings({
      id: 'no-unattributed',
      practice: { reference: `Organization/${EMPTY_PRACTICE}` },
      settings: { countUnattributedEncounters: false },
    }) as Resource,
  ];
}

// biome-ignore lint/suspicious/noExplicitAny: reads FHIR JSON
type Json = any;

function selectionOf(server: TestServer, practice: string, date?: string): Promise<Json> {
  return fhirFetch(server, 'Group/$target-selection', {
    method: 'POST',
    body: {
      resourceType: 'Parameters',
      parameter: [
        { name: 'practice', valueReference: { reference: `Organization/${practice}` } },
        ...(date ? [{ name: 'date', valueDate: date }] : []),
      ],
    },
  });
}

const part = (parameter: Json, name: string): Json => parameter.part.find((p: Json) => p.name === name);
/** The counts of a practice's summary and its mean care burden. */
const summary = (selection: Json) => ({
  chronicallyIll: part(selection, 'chronicallyIll').valueInteger,
  high: part(selection, 'category-high').valueInteger,
  medium: part(selection, 'category-medium').valueInteger,
  low: part(selection, 'category-low').valueInteger,
  hnhc: part(selection, 'hnhc').valueInteger,
  mean: part(selection, 'mean').valueDecimal,
});
const named = (parameters: Json, name: string): Json => parameters.parameter.find((p: Json) => p.name === name);
const categoryOf = (careBurden: Json): string =>
  careBurden.component.find((c: Json) => c.valueCodeableConcept).valueCodeableConcept.coding[0].code;

describe.each(DATABASE_KINDS)('records from other systems on %s', (kind) => {
  const server = useTestServer(kind);
  let arranged = false;
  const arrange = async () => {
    if (!arranged) {
      await server.repo.upsertResources(records());
      arranged = true;
    }
  };

  test('on today’s date, years after the data end, every patient is low, nobody HNHC, and the answer warns', async () => {
    await arrange();
    const response = await selectionOf(server, PRACTICE);
    expect(response.status).toBe(200);
    const [selection] = response.body.parameter;
    expect(summary(selection)).toEqual({ chronicallyIll: 5, high: 0, medium: 0, low: 5, hnhc: 0, mean: 0 });
    const outcome = part(selection, 'outcome').resource;
    expect(outcome).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'warning', code: 'informational', expression: ['date'] }],
    });
    const text: string = outcome.issue[0].details.text;
    // The latest counted contact is the practice's of 14 June, not the hospital's of 25 June.
    expect(text).toContain(`No chronically ill patient of ${OWN} has a counted contact`);
    expect(text).toContain('began on 2019-06-14');
    expect(text).toContain(`the reference date ${AFTER_THE_DATA}`);
    expect(text).toContain(`to ${addDays(practiceToday(), -1)}`);
  });

  test('$care-burden on today’s date answers low, not HNHC, with the same warning as outcome', async () => {
    await arrange();
    const response = await fhirFetch(server, 'Patient/s5/$care-burden');
    expect(response.status).toBe(200);
    const careBurden = named(response.body, 'careBurden').resource;
    expect(careBurden.valueQuantity.value).toBe(0);
    expect(categoryOf(careBurden)).toBe('low');
    expect(named(response.body, 'subgroup')).toBeUndefined();
    const outcome = named(response.body, 'outcome').resource;
    expect(outcome.issue).toHaveLength(1);
    expect(outcome.issue[0]).toMatchObject({ severity: 'warning', code: 'informational' });
    expect(outcome.issue[0].details.text).toContain('began on 2019-06-14');
  });

  test('on the day after the data, only the practice’s contacts count and nothing is warned about', async () => {
    await arrange();
    const response = await selectionOf(server, PRACTICE, AFTER_THE_DATA);
    expect(response.status).toBe(200);
    const [selection] = response.body.parameter;
    expect(part(selection, 'outcome')).toBeUndefined();
    expect(summary(selection)).toEqual({ chronicallyIll: 5, high: 1, medium: 1, low: 3, hnhc: 2, mean: 2.8 });
    expect(part(selection, 'high').valueDecimal).toBe(5.2);
    const group = await fhirFetch(server, part(selection, 'group').valueReference.reference);
    const members = group.body.member.map((m: Json) => [m.entity.reference, m.extension[0].valueDecimal]);
    expect(members).toEqual([
      ['Patient/s5', 6],
      ['Patient/s1', 4],
      ['Patient/s2', 2],
      ['Patient/s3', 2],
      ['Patient/s4', 0],
    ]);
    const s4 = await fhirFetch(server, `Patient/s4/$care-burden?date=${AFTER_THE_DATA}`);
    expect(categoryOf(named(s4.body, 'careBurden').resource)).toBe('low');
    expect(named(s4.body, 'subgroup')).toBeUndefined();
    expect(named(s4.body, 'outcome')).toBeUndefined();
  });

  test('an Encounter naming no provider counts by the setting count-unattributed-encounters', async () => {
    await arrange();
    const scoreOf = async (query: string) => {
      const response = await fhirFetch(server, `Patient/s3/$care-burden?date=${AFTER_THE_DATA}${query}`);
      expect(response.status).toBe(200);
      return named(response.body, 'careBurden').resource.valueQuantity.value;
    };
    expect(await scoreOf('')).toBe(2);
    expect(await scoreOf('&settings=Basic/no-unattributed')).toBe(1);
  });

  test('a practice whose patients have no counted contact at all is warned that none is on record', async () => {
    await arrange();
    const [selection] = (await selectionOf(server, EMPTY_PRACTICE, AFTER_THE_DATA)).body.parameter;
    expect(summary(selection)).toEqual({ chronicallyIll: 1, high: 0, medium: 0, low: 1, hnhc: 0, mean: 0 });
    expect(part(selection, 'outcome').resource.issue[0].details.text).toContain(
      'Its patients have no counted contact on record.',
    );
  });
});
