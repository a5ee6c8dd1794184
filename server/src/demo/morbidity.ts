// A demo patient's problem list: chronic diseases drawn per disease from age- and sex-specific prevalence,
// with a personal frailty multiplier so that diseases cluster in the same people (multimorbidity rises with
// age faster than chance alone would give), plus hypertension, lipid disorders and everyday episodes that
// are not on the chronic list. Deliberately imperfect, like real GP records, so the selection rules meet
// every case: sub-codes, SNOMED CT and ICD-10 codes, resolved and refuted episodes, entered-in-error,
// provisional diagnoses, conditions with only a recordedDate, and recent diagnoses (the "new" stratum).
import type { CodeableConcept, Coding, Condition } from '@medplum/fhirtypes';
import { ExternalSystems, TargetChronicDiseaseCodeSystem, TargetChronicDiseaseConceptMap } from '@target/profiles';
import { isoDay } from './calendar.ts';
import {
  ageBand,
  CHRONIC_DISEASES,
  type ChronicDisease,
  ICPC_DISPLAY,
  ICPC_SUBCODES,
  OTHER_EPISODES,
} from './diseases.ts';
import type { Person } from './people.ts';
import { between, frailty, pickWeighted, poisson, type Rng } from './random.ts';
import { testMeta } from './test-data.ts';

export interface Morbidity {
  readonly conditions: Condition[];
  /** Chronic diseases that are active and not refuted or in error: what drives contacts. */
  readonly chronicCount: number;
  readonly somaticNurse: boolean;
  readonly mentalNurse: boolean;
}

const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';

/** Share of chronic conditions diagnosed in the year before the reference date (the "new" stratum). */
const NEW_SHARE = 0.065;
/** Share of chronic conditions coded in SNOMED CT or ICD-10 instead of ICPC (data from other systems). */
const OTHER_CODE_SYSTEM_SHARE = 0.05;

/** ICPC code → SNOMED CT / ICD-10 codes that count for it: the starter ConceptMap read forwards. */
const MAPPED: Map<string, Coding[]> = (() => {
  const map = new Map<string, Coding[]>();
  for (const [system, entries] of Object.entries(TargetChronicDiseaseConceptMap.byTargetSystem)) {
    for (const [code, sources] of Object.entries(entries)) {
      for (const [icpc, equivalence] of sources as readonly (readonly [string, string])[]) {
        // Only codes equal to or narrower than the ICPC code mean that disease; wider ones do not count.
        if (equivalence === 'equivalent' || equivalence === 'narrower') {
          map.set(icpc, [...(map.get(icpc) ?? []), { system, code }]);
        }
      }
    }
  }
  return map;
})();

/** ICD-10 codes one level below a mapped category (WHO ICD-10 2019), used now and then instead of it. */
const ICD10_CHILDREN: Record<string, string> = {
  E10: 'E10.9',
  E11: 'E11.9',
  E14: 'E14.9',
  I25: 'I25.9',
  I50: 'I50.9',
  I48: 'I48.9',
  J44: 'J44.9',
  J45: 'J45.9',
  M16: 'M16.9',
  M17: 'M17.9',
  F32: 'F32.9',
  F41: 'F41.9',
  G40: 'G40.9',
  G43: 'G43.9',
  C34: 'C34.9',
  C50: 'C50.9',
  N18: 'N18.9',
};

function status(system: string, code: string): CodeableConcept {
  return { coding: [{ system, code }] };
}

/** Generates the problem list of one person; `nextId` numbers the Conditions. */
export function generateMorbidity(rng: Rng, person: Person, refDay: number, nextId: () => string): Morbidity {
  const conditions: Condition[] = [];
  const band = ageBand(person.age);
  const personal = frailty(rng, 0.75);
  let chronicCount = 0;
  let somaticNurse = false;
  let mentalNurse = false;
  for (const disease of CHRONIC_DISEASES) {
    const p = Math.min(0.9, disease.prevalence[band] * (person.male ? disease.male : disease.female) * personal);
    if (p === 0 || rng() >= p) {
      continue;
    }
    const condition = chronicCondition(rng, person, disease, refDay, nextId());
    conditions.push(condition);
    const verification = condition.verificationStatus?.coding?.[0].code;
    if (
      condition.clinicalStatus?.coding?.[0].code === 'active' &&
      (verification === 'confirmed' || verification === 'provisional')
    ) {
      chronicCount++;
      somaticNurse ||= disease.nurse === 'somatic';
      mentalNurse ||= disease.nurse === 'mental';
    }
  }
  const hypertension = [0.001, 0.04, 0.2, 0.38, 0.5][band] * personal;
  if (rng() < hypertension) {
    conditions.push(otherCondition(rng, person, 'K86', refDay - between(rng, 200, 365 * 20), false, refDay, nextId()));
  }
  if (rng() < [0, 0.02, 0.1, 0.18, 0.15][band] * personal) {
    conditions.push(otherCondition(rng, person, 'T93', refDay - between(rng, 200, 365 * 15), false, refDay, nextId()));
  }
  const episodes = poisson(rng, [0.5, 0.35, 0.4, 0.5, 0.6][band]);
  for (let k = 0; k < episodes; k++) {
    const code = pickWeighted(rng, OTHER_EPISODES);
    conditions.push(otherCondition(rng, person, code, refDay - between(rng, 0, 730), rng() < 0.85, refDay, nextId()));
  }
  return { conditions, chronicCount, somaticNurse, mentalNurse };
}

function icpcCoding(code: string): Coding {
  const display = ICPC_DISPLAY[code];
  return display ? { system: ExternalSystems.ICPC, code, display } : { system: ExternalSystems.ICPC, code };
}

function chronicCode(rng: Rng, person: Person, disease: ChronicDisease): Coding {
  const sex = person.male ? 'm' : 'f';
  const candidates = disease.codes.filter((c) => c.sex === undefined || c.sex === sex);
  let icpc = pickWeighted(
    rng,
    candidates.map((c) => [c.code, c.weight] as const),
  );
  const subcodes = ICPC_SUBCODES[icpc];
  if (subcodes) {
    icpc = person.age < 18 && icpc === 'T90' ? 'T90.01' : pickWeighted(rng, subcodes);
  }
  const mapped = MAPPED.get(icpc.slice(0, 3));
  if (mapped && rng() < OTHER_CODE_SYSTEM_SHARE) {
    const coding = mapped[Math.floor(rng() * mapped.length)];
    const child = coding.system === ExternalSystems.ICD10 ? ICD10_CHILDREN[coding.code as string] : undefined;
    return { system: coding.system, code: child && rng() < 0.5 ? child : coding.code };
  }
  return icpcCoding(icpc);
}

function chronicCondition(rng: Rng, person: Person, disease: ChronicDisease, refDay: number, id: string): Condition {
  const coding = chronicCode(rng, person, disease);
  const ageDays = refDay - person.birthDay;
  // Diagnosed in the last year for a realistic share; otherwise at any time in the last 40 years of life.
  const onset =
    rng() < NEW_SHARE || ageDays < 400
      ? refDay - between(rng, 0, Math.min(364, ageDays))
      : refDay - between(rng, 365, Math.max(365, Math.min(ageDays, 40 * 365)));
  const verification = pickWeighted(rng, [
    ['confirmed', 94],
    ['provisional', 2.5],
    ['refuted', 2],
    ['entered-in-error', 1],
    ['unconfirmed', 0.5],
  ] as const);
  const ended = rng() < disease.ends;
  const clinical = ended
    ? disease.code === 'cancer' || disease.nurse === 'mental'
      ? 'remission'
      : 'resolved'
    : 'active';
  return condition(rng, person, id, coding, TargetChronicDiseaseCodeSystem.codes[disease.code], {
    onset,
    refDay,
    clinical,
    verification,
    abatement: ended ? Math.min(refDay, onset + between(rng, 60, 2000)) : undefined,
  });
}

function otherCondition(
  rng: Rng,
  person: Person,
  code: string,
  day: number,
  resolved: boolean,
  refDay: number,
  id: string,
): Condition {
  const onset = Math.max(person.birthDay, day);
  return condition(rng, person, id, icpcCoding(code), ICPC_DISPLAY[code], {
    onset,
    refDay,
    clinical: resolved ? 'resolved' : 'active',
    verification: 'confirmed',
    abatement: resolved ? Math.min(refDay, onset + between(rng, 3, 30)) : undefined,
  });
}

interface Course {
  readonly onset: number;
  /** Latest possible recording day. */
  readonly refDay: number;
  readonly clinical: 'active' | 'resolved' | 'remission';
  readonly verification: 'confirmed' | 'provisional' | 'refuted' | 'entered-in-error' | 'unconfirmed';
  readonly abatement: number | undefined;
}

function condition(rng: Rng, person: Person, id: string, coding: Coding, text: string, course: Course): Condition {
  const recorded = Math.min(course.refDay, course.onset + (rng() < 0.7 ? 0 : between(rng, 1, 45)));
  const resource: Condition = {
    resourceType: 'Condition',
    id,
    meta: testMeta(),
    // FHIR con-5: an entered-in-error Condition has no clinical status.
    clinicalStatus: course.verification === 'entered-in-error' ? undefined : status(CLINICAL, course.clinical),
    verificationStatus: status(VERIFICATION, course.verification),
    category: [{ coding: [{ system: CATEGORY, code: 'problem-list-item', display: 'Problem List Item' }] }],
    code: { coding: [coding], text },
    subject: { reference: `Patient/${person.id}` },
  };
  // Some records carry no onset: the rules must fall back on recordedDate.
  if (rng() >= 0.04) {
    resource.onsetDateTime = isoDay(course.onset);
  }
  if (course.abatement !== undefined && course.verification !== 'entered-in-error') {
    resource.abatementDateTime = isoDay(Math.max(course.onset, course.abatement));
  }
  resource.recordedDate = isoDay(recorded);
  if (resource.clinicalStatus === undefined) {
    delete resource.clinicalStatus;
  }
  return resource;
}
