import { describe, expect, test } from 'vitest';
import { readCareBurdenObservation } from '../../../profiles/src/builders/care-burden.ts';
import { readSubgroupObservation } from '../../../profiles/src/builders/subgroup.ts';
import type { PatientAssessment, PatientClassification } from '../../../profiles/src/selection/assess.ts';
import {
  careBurdenObservation,
  careBurdenResults,
  type ResultContext,
  subgroupObservation,
} from '../../../profiles/src/selection/results.ts';
import { validationErrors } from '../builders/support.ts';
import { ms } from './support.ts';

const assessment: PatientAssessment = {
  patientId: 'p1',
  score: 12.5,
  contacts: [
    { type: 'consult', count: 8, weightedSum: 8 },
    { type: 'visit', count: 1, weightedSum: 1.5 },
    { type: 'phone', count: 6, weightedSum: 3 },
  ],
  diseaseCount: 2,
  qualifyingConditions: ['Condition/copd', 'Condition/dm'],
  isNew: false,
};

const context: ResultContext = {
  referenceDate: '2025-03-01',
  window: {
    start: '2024-03-01',
    end: '2025-02-28',
    fromMs: ms('2024-02-29T23:00:00Z'),
    toMs: ms('2025-02-28T23:00:00Z'),
  },
  settingsUsed: { id: 'settings-1', version: '4' },
  issued: '2025-03-01T06:00:00+01:00',
  ids: { careBurden: 'cb-p1', subgroup: 'sg-p1' },
};

const hnhc: PatientClassification = {
  category: 'high',
  hnhc: true,
  subgroup: {
    subgroup: 'older-alone',
    reason: '75 jaar, alleenwonend (woonsituatie)',
    missingData: [],
    derivedFrom: ['Observation/h1'],
  },
};

describe('care burden Observation of a selection result', () => {
  test('conforms to TargetCareBurdenObservation', () => {
    expect(validationErrors(careBurdenObservation(assessment, hnhc, context))).toEqual([]);
  });

  test('reads back as the assessment, classification and window', () => {
    expect(readCareBurdenObservation(careBurdenObservation(assessment, hnhc, context))).toStrictEqual({
      id: 'cb-p1',
      status: 'final',
      patient: { reference: 'Patient/p1' },
      window: { start: '2024-03-01', end: '2025-02-28' },
      issued: '2025-03-01T06:00:00+01:00',
      score: 12.5,
      category: 'high',
      hnhc: true,
      chronicConditionCount: 2,
      contacts: [
        { type: 'consult', count: 8, weightedSum: 8 },
        { type: 'visit', count: 1, weightedSum: 1.5 },
        { type: 'phone', count: 6, weightedSum: 3 },
      ],
      qualifyingConditions: [{ reference: 'Condition/copd' }, { reference: 'Condition/dm' }],
      settingsUsed: { id: 'settings-1', version: '4' },
    });
  });

  test('of a new patient without contacts and without ids still conforms', () => {
    const quiet: PatientAssessment = { ...assessment, score: 0, contacts: [], diseaseCount: 1, isNew: true };
    const built = careBurdenObservation(quiet, { category: 'new', hnhc: false }, { ...context, ids: undefined });
    expect(validationErrors(built)).toEqual([]);
    expect(readCareBurdenObservation(built)).toMatchObject({ score: 0, category: 'new', hnhc: false, contacts: [] });
    expect(built.id).toBeUndefined();
  });
});

describe('subgroup Observation of a selection result', () => {
  test('conforms to TargetSubgroupObservation and reads back', () => {
    const built = subgroupObservation(assessment, hnhc, context);
    expect(built && validationErrors(built)).toEqual([]);
    expect(built && readSubgroupObservation(built)).toStrictEqual({
      id: 'sg-p1',
      status: 'final',
      patient: { reference: 'Patient/p1' },
      assessedAt: '2025-03-01',
      subgroup: 'older-alone',
      reason: '75 jaar, alleenwonend (woonsituatie)',
      missingData: [],
      derivedFrom: [{ reference: 'Observation/h1' }],
      settingsUsed: { id: 'settings-1', version: '4' },
    });
  });

  test('of an unclassified patient names the missing data, conforms and reads back', () => {
    const unclassified: PatientClassification = {
      ...hnhc,
      subgroup: {
        subgroup: 'unclassified',
        reason: 'Geboortedatum onbekend',
        missingData: ['birthDate'],
        derivedFrom: [],
      },
    };
    const built = subgroupObservation(assessment, unclassified, context);
    expect(built && validationErrors(built)).toEqual([]);
    expect(built && readSubgroupObservation(built)).toMatchObject({
      subgroup: 'unclassified',
      reason: 'Geboortedatum onbekend',
      missingData: ['birthDate'],
      derivedFrom: [],
    });
  });

  test('is not made for a patient who is not HNHC', () => {
    expect(subgroupObservation(assessment, { category: 'low', hnhc: false }, context)).toBeUndefined();
  });
});

describe('both result Observations of a patient', () => {
  test('are the care burden and, for an HNHC patient, the subgroup Observation', () => {
    expect(careBurdenResults({ assessment, classification: hnhc }, context)).toEqual({
      careBurden: careBurdenObservation(assessment, hnhc, context),
      subgroup: subgroupObservation(assessment, hnhc, context),
    });
  });

  test('are the care burden Observation alone for a patient who is not HNHC', () => {
    const low: PatientClassification = { category: 'low', hnhc: false };
    const results = careBurdenResults({ assessment, classification: low }, context);
    expect(Object.keys(results)).toEqual(['careBurden']);
    expect(readCareBurdenObservation(results.careBurden)).toMatchObject({ category: 'low', hnhc: false });
  });
});
