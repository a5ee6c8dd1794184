import type { Observation } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  buildPositiveHealthDimensionObservation,
  buildPositiveHealthPanelObservation,
  type PositiveHealthDimensionInput,
  type PositiveHealthPanelInput,
  readPositiveHealthDimensionObservation,
  readPositiveHealthPanelObservation,
} from '../../../profiles/src/builders/positive-health.ts';
import { TargetPositiveHealthDimensionCodeSystem } from '../../../profiles/src/generated/canonical.ts';
import { broken, example, readFailure, validationErrors } from './support.ts';

const dimension: PositiveHealthDimensionInput = {
  id: 'ph-meaningfulness',
  status: 'final',
  patient: { reference: 'Patient/p1' },
  answeredAt: '2025-03-04T14:00:00+01:00',
  dimension: 'meaningfulness',
  score: 6.4,
  wantToTalk: true,
  derivedFrom: [{ reference: 'QuestionnaireResponse/qr1' }],
  encounter: { reference: 'Encounter/conversation-1' },
  performer: { reference: 'PractitionerRole/poh-1' },
  method: 'assessed-in-conversation',
  issued: '2025-03-04T14:05:00+01:00',
};

const panel: PositiveHealthPanelInput = {
  id: 'ph-panel',
  status: 'final',
  patient: { reference: 'Patient/p1' },
  answeredAt: '2025-03-04T14:00:00+01:00',
  dimensions: Object.keys(TargetPositiveHealthDimensionCodeSystem.codes).map((code) => ({
    reference: `Observation/ph-${code}`,
  })),
  derivedFrom: [{ reference: 'QuestionnaireResponse/qr1' }],
  encounter: { reference: 'Encounter/conversation-1' },
};

describe('Positive Health dimension Observation', () => {
  test.each([
    ['with the want-to-talk flag', dimension],
    ['without it, scored 0', { ...dimension, wantToTalk: undefined, score: 0 }],
    ['scored 10', { ...dimension, score: 10 }],
  ])('builds a resource %s that conforms to the profile', (_name, input) => {
    expect(validationErrors(buildPositiveHealthDimensionObservation(input))).toEqual([]);
  });

  test('a score above 10 breaks target-ph-1', () => {
    const issues = validationErrors(buildPositiveHealthDimensionObservation({ ...dimension, score: 10.5 }));
    expect(issues.join('\n')).toContain('target-ph-1');
  });

  const {
    id: _id,
    wantToTalk: _wantToTalk,
    encounter: _encounter,
    performer: _performer,
    method: _method,
    issued: _issued,
    ...minimal
  } = dimension;
  test.each([dimension, minimal])('reads back exactly what it built (%#)', (input) => {
    expect(readPositiveHealthDimensionObservation(buildPositiveHealthDimensionObservation(input))).toStrictEqual(input);
  });

  test.each([
    ['bodily-functions', 5, false],
    ['mental-wellbeing', 6, false],
    ['meaningfulness', 7, false],
    ['quality-of-life', 6, false],
    ['participation', 4, true],
    ['daily-functioning', 5, false],
  ])('reads the generated example of %s', (code, score, wantToTalk) => {
    expect(readPositiveHealthDimensionObservation(example(`target-positive-health-${code}-example`))).toStrictEqual({
      id: `target-positive-health-${code}-example`,
      status: 'final',
      patient: { reference: 'Patient/target-patient-example' },
      answeredAt: '2025-02-03T09:40:00+01:00',
      dimension: code,
      score,
      wantToTalk,
      derivedFrom: [{ reference: 'QuestionnaireResponse/target-positive-health-questionnaire-response-example' }],
      encounter: { reference: 'Encounter/target-other-conversation-encounter-example' },
      performer: { reference: 'Patient/target-patient-example' },
      method: 'self-assessment',
    });
  });

  const built = buildPositiveHealthDimensionObservation(dimension);
  test.each<[string, (r: Observation) => void, string, string]>([
    ['another kind of Observation', (r) => (r.code = { text: 'mood' }), 'wrong-resource', 'Observation.code'],
    ['no survey category', (r) => delete r.category, 'wrong-resource', 'Observation.category:survey'],
    ['no score', (r) => delete r.valueQuantity, 'missing', 'Observation.valueQuantity.value'],
    ['no QuestionnaireResponse', (r) => delete r.derivedFrom, 'missing', 'Observation.derivedFrom'],
    [
      'a method that is not a Positive Health method',
      (r) => Object.assign(r.method?.coding?.[0] ?? {}, { code: 'care-burden' }),
      'invalid',
      'Observation.method',
    ],
    [
      'an unknown dimension',
      (r) => Object.assign(r.code.coding?.[0] ?? {}, { code: 'spirituality' }),
      'invalid',
      'Observation.code',
    ],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readPositiveHealthDimensionObservation(broken(built, breakIt)))).toEqual({ code, path });
  });
});

describe('Positive Health panel Observation', () => {
  test.each([
    ['six dimensions', panel],
    ['one dimension (a partial answer)', { ...panel, dimensions: panel.dimensions.slice(0, 1) }],
  ])('builds a resource with %s that conforms to the profile', (_name, input) => {
    expect(validationErrors(buildPositiveHealthPanelObservation(input))).toEqual([]);
  });

  test('reads back exactly what it built', () => {
    expect(readPositiveHealthPanelObservation(buildPositiveHealthPanelObservation(panel))).toStrictEqual(panel);
  });

  test('reads the generated example', () => {
    const read = readPositiveHealthPanelObservation(example('target-positive-health-panel-observation-example'));
    expect(read).toStrictEqual({
      id: 'target-positive-health-panel-observation-example',
      status: 'final',
      patient: { reference: 'Patient/target-patient-example' },
      answeredAt: '2025-02-03T09:40:00+01:00',
      dimensions: Object.keys(TargetPositiveHealthDimensionCodeSystem.codes).map((code) => ({
        reference: `Observation/target-positive-health-${code}-example`,
      })),
      derivedFrom: [{ reference: 'QuestionnaireResponse/target-positive-health-questionnaire-response-example' }],
      encounter: { reference: 'Encounter/target-other-conversation-encounter-example' },
    });
  });

  const built = buildPositiveHealthPanelObservation(panel);
  test.each<[string, (r: Observation) => void, string, string]>([
    ['a dimension Observation', (r) => (r.code = { text: 'x' }), 'wrong-resource', 'Observation.code'],
    ['no dimension', (r) => delete r.hasMember, 'missing', 'Observation.hasMember'],
    [
      'seven dimensions',
      (r) => r.hasMember?.push({ reference: 'Observation/ph-extra' }),
      'invalid',
      'Observation.hasMember',
    ],
    ['no effective time', (r) => delete r.effectiveDateTime, 'missing', 'Observation.effectiveDateTime'],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readPositiveHealthPanelObservation(broken(built, breakIt)))).toEqual({ code, path });
  });
});
