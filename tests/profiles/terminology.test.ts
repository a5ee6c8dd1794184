// The terminology of the package says what DOMAIN.md says, and the chronic-disease artefacts agree
// with each other (CodeSystem grouping, ICPC ValueSet, starter ConceptMap).
import { describe, expect, test } from 'vitest';
import {
  CodeSystems,
  ConceptMaps,
  Extensions,
  Questionnaires,
  TargetChronicDiseaseCodeSystem,
  TargetContactTypeCodeSystem,
  TargetPositiveHealthDimensionCodeSystem,
  TargetPositiveHealthQuestionnaire,
  TargetSettingCodeSystem,
  ValueSets,
} from '../../profiles/src/generated/canonical.ts';
import type { PackageResource } from '../../profiles/src/package.ts';
import { definitions } from './support.ts';

const ICPC = 'http://hl7.org/fhir/sid/icpc-1-nl';

function byUrl(url: string): PackageResource & Record<string, never> {
  const found = definitions.find((r) => r.url === url);
  if (!found) {
    throw new Error(`${url} is not in the package`);
  }
  return found as PackageResource & Record<string, never>;
}

describe('code systems from DOMAIN.md', () => {
  test('the seven contact types, in the order of the weights table', () => {
    expect(Object.keys(TargetContactTypeCodeSystem.codes)).toEqual([
      'consult-short',
      'consult',
      'consult-long',
      'visit',
      'visit-long',
      'phone',
      'e-consult',
    ]);
  });

  test('the six Positive Health dimensions with their Dutch names', () => {
    expect(TargetPositiveHealthDimensionCodeSystem.codes).toEqual({
      'bodily-functions': 'Lichaamsfuncties',
      'mental-wellbeing': 'Mentaal welbevinden',
      meaningfulness: 'Zingeving',
      'quality-of-life': 'Kwaliteit van leven',
      participation: 'Meedoen',
      'daily-functioning': 'Dagelijks functioneren',
    });
  });

  test('every setting says how its default is supported', () => {
    const evidence = TargetSettingCodeSystem.properties.evidence;
    expect(Object.keys(evidence).sort()).toEqual(Object.keys(TargetSettingCodeSystem.codes).sort());
    expect(new Set(Object.values(evidence))).toEqual(new Set(['default', 'assumption']));
  });

  test('every CodeSystem has a ValueSet or is used by fixed codes only', () => {
    const included = new Set(
      definitions
        .filter((r) => r.resourceType === 'ValueSet')
        .flatMap((vs) => (vs.compose as { include: { system: string }[] }).include.map((i) => i.system)),
    );
    const withoutValueSet = Object.values(CodeSystems).filter((url) => !included.has(url));
    // TargetObservationCodeSystem's method codes have TargetPositiveHealthMethodValueSet; its other codes are fixed.
    expect(withoutValueSet.sort()).toEqual([CodeSystems.TargetConceptCodeSystem]);
  });
});

describe('chronic-disease list', () => {
  const icpcByDisease = TargetChronicDiseaseCodeSystem.properties.icpc as Record<string, readonly string[]>;
  const valueSetCodes = (
    byUrl(ValueSets.TargetChronicDiseaseIcpcValueSet).compose as {
      include: { system: string; concept: { code: string }[] }[];
    }
  ).include.flatMap((i) => i.concept.map((c) => `${i.system}|${c.code}`));

  test('has 28 diseases, each with at least one ICPC code', () => {
    expect(Object.keys(TargetChronicDiseaseCodeSystem.codes)).toHaveLength(28);
    expect(Object.keys(icpcByDisease).sort()).toEqual(Object.keys(TargetChronicDiseaseCodeSystem.codes).sort());
  });

  test('the ValueSet holds exactly the ICPC codes of the diseases, each once, as 3-character codes', () => {
    const fromDiseases = Object.values(icpcByDisease).flat();
    expect(new Set(fromDiseases).size).toBe(fromDiseases.length);
    expect(fromDiseases.every((code) => /^[A-Z][0-9]{2}$/.test(code))).toBe(true);
    expect([...valueSetCodes].sort()).toEqual(fromDiseases.map((code) => `${ICPC}|${code}`).sort());
  });

  test('the ValueSet documents the prefix rule', () => {
    expect(byUrl(ValueSets.TargetChronicDiseaseIcpcValueSet).description).toContain('T90.02 matches T90');
  });

  test('the ConceptMap is a draft starter map from ValueSet codes to SNOMED CT and ICD-10', () => {
    const map = byUrl(ConceptMaps.TargetChronicDiseaseConceptMap) as unknown as {
      status: string;
      experimental: boolean;
      title: string;
      sourceCanonical: string;
      group: { source: string; target: string; element: { code: string; target: { equivalence: string }[] }[] }[];
    };
    expect(map.status).toBe('draft');
    expect(map.experimental).toBe(true);
    expect(map.title).toContain('starter, to be reviewed');
    expect(map.sourceCanonical).toBe(ValueSets.TargetChronicDiseaseIcpcValueSet);
    expect(map.group.map((g) => [g.source, g.target])).toEqual([
      [ICPC, 'http://snomed.info/sct'],
      [ICPC, 'http://hl7.org/fhir/sid/icd-10'],
    ]);
    for (const group of map.group) {
      for (const element of group.element) {
        expect(valueSetCodes).toContain(`${ICPC}|${element.code}`);
        for (const target of element.target) {
          expect(['equivalent', 'narrower', 'wider', 'disjoint']).toContain(target.equivalence);
        }
      }
    }
  });
});

describe('Positive Health Questionnaire', () => {
  const questionnaire = byUrl(Questionnaires.TargetPositiveHealthQuestionnaire) as unknown as {
    item: {
      linkId: string;
      code?: { system: string; code: string }[];
      item?: { linkId: string; type: string; extension?: { url: string; valueInteger: number }[] }[];
    }[];
  };

  test('asks a 0–10 grade and a want-to-talk flag per dimension, then what matters and a good day', () => {
    const dimensions = Object.keys(TargetPositiveHealthDimensionCodeSystem.codes);
    expect(TargetPositiveHealthQuestionnaire.linkIds).toEqual([
      ...dimensions.flatMap((d) => [d, `${d}.score`, `${d}.talk`]),
      'what-matters',
      'good-day',
    ]);
    for (const group of questionnaire.item.slice(0, 6)) {
      expect(group.code).toEqual([
        expect.objectContaining({ system: CodeSystems.TargetPositiveHealthDimensionCodeSystem, code: group.linkId }),
      ]);
      const [score, talk] = group.item ?? [];
      expect(score.type).toBe('integer');
      expect(score.extension?.map((e) => e.valueInteger)).toEqual([0, 10]);
      expect(talk.type).toBe('boolean');
    }
  });

  test('is versioned, asks no required grade, and marks each dimension for observation-based extraction', () => {
    const full = questionnaire as unknown as {
      version: string;
      item: { linkId: string; extension?: { url: string }[]; item?: { required?: boolean }[] }[];
    };
    expect(full.version).toBe(TargetPositiveHealthQuestionnaire.version);
    for (const group of full.item.slice(0, 6)) {
      expect(group.extension?.map((e) => e.url)).toEqual([
        'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-observationExtract',
        Extensions.TargetObservationExtractValue,
        Extensions.TargetObservationExtractComponent,
      ]);
      expect(group.item?.some((i) => i.required)).toBe(false);
    }
  });
});
