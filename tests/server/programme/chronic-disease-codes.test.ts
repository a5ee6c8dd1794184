// SNOMED CT and ICD-10 coded chronic diseases on both selection paths, on both databases: the starter map
// (the codes a Synthea import was not counted for), descendants only a terminology server knows (a local
// stand-in; never a real server), an unreachable terminology server, and a code a practice adds. The
// population path (SQL over the derived index) and the per-patient path (the record through a reader) must
// find the same qualifying Conditions with the same list, and $target-selection and $care-burden over HTTP
// must count the same patients.
import type { Basic, Patient, Resource } from '@medplum/fhirtypes';
import {
  buildPatient,
  buildPracticeOrganization,
  type ChronicDiseaseTerminology,
  changedPracticeSettings,
  contactPracticeOf,
  ExternalSystems,
  type PatientFacts,
  patientFactsOf,
  practiceNursesOf,
} from '@target/profiles';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RepositoryReader, toR4 } from '../../../server/src/programme/repository-reader.ts';
import { populationFacts } from '../../../server/src/programme/selection/population.ts';
import { diseaseListOf, practiceSettings } from '../../../server/src/programme/selection/settings-store.ts';
import { selectionTerminology } from '../../../server/src/programme/selection/terminology.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, startTestServer, type TestServer } from '../../support/server.ts';
import {
  startTerminologyStandIn,
  type TerminologyStandIn,
  unreachableUrl,
} from '../../support/terminology-stand-in.ts';

const REFERENCE_DATE = '2025-07-01';
const PRACTICE = 'practice-codes';
const SCT = ExternalSystems.SCT;
/** A heart-failure descendant only the stand-in terminology server knows (made-up identifier). */
const STAND_IN_HEART_FAILURE = '9990031000146104';
/** The code a practice's own system records for COPD (made-up identifier), added in its settings. */
const PRACTICE_COPD = '9990032000146105';

/** Patient → the one Condition code they have, and the disease it counts for (undefined: not counted). */
const STARTER: [string, string, string, string][] = [
  ['t2dm', SCT, '44054006', 'diabetes'],
  ['chf', SCT, '88805009', 'heart-failure'],
  ['bronchitis', SCT, '185086009', 'copd'],
  ['emphysema', SCT, '87433001', 'copd'],
  ['alzheimer', SCT, '26929004', 'dementia'],
  ['child-asthma', SCT, '233678006', 'asthma'],
  ['migraine', SCT, '124171000119105', 'migraine'],
  ['mi-again', ExternalSystems.ICD10, 'I22.1', 'coronary-heart-disease'],
];
const STAND_IN_ONLY = ['stand-in', SCT, STAND_IN_HEART_FAILURE] as const;
/** Gestational diabetes: a SNOMED CT descendant of diabetes mellitus that ICPC codes as W85, never counted. */
const GESTATIONAL = ['gestational', SCT, '11687002'] as const;
const PRACTICE_ADDED = ['practice-added', SCT, PRACTICE_COPD] as const;

function resources(): Resource[] {
  const patient = (id: string) =>
    buildPatient({
      id,
      names: [{ family: id, given: ['Test'] }],
      birthDate: '1960-01-01',
      addresses: [],
      generalPractitioners: [{ reference: `Organization/${PRACTICE}` }],
    }) as Resource;
  const condition = (patientId: string, system: string, code: string) =>
    ({
      resourceType: 'Condition',
      id: `c-${patientId}`,
      subject: { reference: `Patient/${patientId}` },
      code: { coding: [{ system, code }] },
      clinicalStatus: { coding: [{ system: ExternalSystems.ConditionClinical, code: 'active' }] },
      onsetDateTime: '2015-01-01',
    }) as Resource;
  const all = [...STARTER, STAND_IN_ONLY, PRACTICE_ADDED, GESTATIONAL];
  return [
    buildPracticeOrganization({ id: PRACTICE, agb: '01234568', name: 'Praktijk Codes', addresses: [] }) as Resource,
    ...all.map(([id]) => patient(id)),
    ...all.map(([id, system, code]) => condition(id, system, code)),
  ];
}

/** Patient id → the diseases of their qualifying Conditions. */
const diseasesOf = (facts: PatientFacts[]) =>
  Object.fromEntries(facts.map((f) => [f.patientId, f.conditions.flatMap((c) => c.diseases)]));

describe.each(DATABASE_KINDS)('chronic diseases coded in SNOMED CT and ICD-10 on %s', (kind) => {
  let standIn: TerminologyStandIn;
  let server: TestServer;
  beforeAll(async () => {
    standIn = await startTerminologyStandIn({ '84114007': [STAND_IN_HEART_FAILURE], '73211009': ['11687002'] });
    server = await startTestServer(kind, { terminologyUrl: standIn.url });
    await server.repo.createResources(resources(), { assignedId: true });
  });
  afterAll(async () => {
    await server?.stop();
    await standIn?.close();
  });

  /** The facts both paths find with the practice's settings and `terminology`, checked equal. */
  async function bothPaths(terminology?: ChronicDiseaseTerminology): Promise<Record<string, string[]>> {
    const settings = (await practiceSettings(server.repo, PRACTICE)).resolved;
    const diseases = await diseaseListOf(server.repo, settings, terminology);
    const [population] = await populationFacts(server.repo, {
      practices: [PRACTICE],
      referenceDate: REFERENCE_DATE,
      settings,
      diseases,
    });
    const reader = new RepositoryReader(server.repo);
    const context = {
      referenceDate: REFERENCE_DATE,
      settings,
      diseases,
      practiceNurses: await practiceNursesOf(reader),
      practice: await contactPracticeOf(reader, [`Organization/${PRACTICE}`]),
    };
    const patients = await server.repo.searchResources<Patient>({ resourceType: 'Patient', count: 100 });
    const perPatient: PatientFacts[] = [];
    for (const patient of patients) {
      const facts = await patientFactsOf(reader, toR4(patient), context);
      if (facts.conditions.length > 0) {
        perPatient.push(facts);
      }
    }
    expect(diseasesOf(population.facts)).toEqual(diseasesOf(perPatient));
    return diseasesOf(population.facts);
  }

  /** Patients counted as chronically ill by $target-selection, and by $care-burden one by one. */
  async function overHttp(): Promise<{ selected: string[]; perPatient: string[] }> {
    const query = `practice=Organization/${PRACTICE}&date=${REFERENCE_DATE}`;
    const response = await fhirFetch(server, `Group/$target-selection?${query}`, { method: 'POST' });
    expect(response.status).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: reads FHIR JSON
    const groupRef = response.body.parameter[0].part.find((p: any) => p.name === 'group').valueReference.reference;
    const group = await fhirFetch(server, groupRef);
    // biome-ignore lint/suspicious/noExplicitAny: reads FHIR JSON
    const selected = group.body.member.map((m: any) => m.entity.reference.replace('Patient/', '')).sort();
    const perPatient: string[] = [];
    for (const [id] of [...STARTER, STAND_IN_ONLY, PRACTICE_ADDED, GESTATIONAL]) {
      const result = await fhirFetch(server, `Patient/${id}/$care-burden?date=${REFERENCE_DATE}`);
      expect(result.status).toBe(200);
      if (result.body.parameter[0].valueBoolean) {
        perPatient.push(id);
      }
    }
    return { selected, perPatient: perPatient.sort() };
  }

  test('the starter map counts each of the issue’s codes for its disease on both paths', async () => {
    const found = await bothPaths();
    expect(found).toEqual(Object.fromEntries(STARTER.map(([id, , , disease]) => [id, [disease]])));
  });

  test('a descendant only the terminology server knows counts on both paths, over HTTP too; a disjoint one not', async () => {
    const logged: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => logged.push(line) });
    const terminology = selectionTerminology({ terminologyUrl: standIn.url, terminologyTimeoutMs: 5000 }, logger);
    const found = await bothPaths(terminology);
    expect(found['stand-in']).toEqual(['heart-failure']);
    expect(found.gestational).toBeUndefined();
    expect(logged).toEqual([]);

    const counted = [...STARTER.map(([id]) => id), 'stand-in'].sort();
    expect(await overHttp()).toEqual({ selected: counted, perPatient: counted });
  });

  test('an unreachable terminology server is a warning; the starter map still counts', async () => {
    const logged: { msg: string; terminology: string }[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    const url = await unreachableUrl();
    const terminology = selectionTerminology({ terminologyUrl: url, terminologyTimeoutMs: 2000 }, logger);
    const found = await bothPaths(terminology);
    expect(found).toEqual(Object.fromEntries(STARTER.map(([id, , , disease]) => [id, [disease]])));
    expect(logged).toHaveLength(1);
    expect(logged[0].terminology).toBe(url);
    expect(logged[0].msg).toContain(`Terminology server ${url}:`);
    expect(logged[0].msg).toContain('SNOMED CT descendants beyond the starter map');
  });

  test('a code the practice adds in its settings counts on both paths, over HTTP too', async () => {
    const current = await practiceSettings(server.repo, PRACTICE);
    const next = changedPracticeSettings(
      current,
      { chronicDiseaseCodes: [{ disease: 'copd', system: SCT, code: PRACTICE_COPD }] },
      '2025-06-01',
    );
    const stored = await fhirFetch(server, `Basic/${current.version.id}`, { method: 'PUT', body: next as Basic });
    expect(stored.status).toBe(200);
    expect((await bothPaths())['practice-added']).toEqual(['copd']);

    const counted = [...STARTER.map(([id]) => id), 'stand-in', 'practice-added'].sort();
    expect(await overHttp()).toEqual({ selected: counted, perPatient: counted });
  });
});
