import type { ServiceRequest } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  buildReferralRequest,
  type ReferralInput,
  readReferralRequest,
} from '../../../profiles/src/builders/referral.ts';
import { broken, example, readFailure, validationErrors } from './support.ts';

const referral: ReferralInput = {
  id: 'ref-1',
  status: 'active',
  patient: { reference: 'Patient/p1' },
  category: 'debt-counselling',
  consent: { reference: 'Consent/consent-1' },
  healthPlans: [{ reference: 'CarePlan/plan-1' }],
  conversation: { reference: 'Encounter/conv-1' },
  authoredOn: '2025-03-04',
  requester: { reference: 'Practitioner/poh-1' },
  partners: [{ reference: 'HealthcareService/schuldhulp' }],
  reasons: [{ text: 'Zorgen over schulden houden hem wakker.' }],
  reasonReferences: [],
  goals: [{ reference: 'Goal/cg-1' }],
};

const byReference: ReferralInput = {
  status: 'on-hold',
  patient: { reference: 'Patient/p1' },
  category: 'mental-health',
  consent: { reference: 'Consent/consent-2' },
  healthPlans: [],
  authoredOn: '2025-03-05',
  requester: { reference: 'Organization/practice' },
  partners: [{ reference: 'Organization/ggz' }],
  reasons: [],
  reasonReferences: [{ reference: 'Observation/ph-mental-wellbeing' }],
  goals: [],
};

/** Drafted in the conversation: no partner chosen and no consent asked yet. */
const drafted: ReferralInput = {
  id: 'ref-draft',
  status: 'draft',
  patient: { reference: 'Patient/p1' },
  category: 'lifestyle-programme',
  healthPlans: [{ reference: 'CarePlan/plan-1' }],
  conversation: { reference: 'Encounter/conv-1' },
  authoredOn: '2025-03-04',
  requester: { reference: 'PractitionerRole/gp-1-role' },
  partners: [],
  reasons: [{ text: 'Wil samen met anderen gezonder leven.' }],
  reasonReferences: [],
  goals: [{ reference: 'Goal/cg-1' }, { reference: 'Goal/lg-1' }],
};

describe('referral request', () => {
  test.each([
    ['with the reason in words', referral],
    ['with the reason as a reference', byReference],
    ['drafted without partner and consent', drafted],
  ])('builds a referral %s that conforms to TargetReferralRequest', (_name, input) => {
    expect(validationErrors(buildReferralRequest(input))).toEqual([]);
  });

  test('a referral without any reason breaks target-ref-1', () => {
    const issues = validationErrors(buildReferralRequest({ ...byReference, reasonReferences: [] }));
    expect(issues.join('\n')).toContain('target-ref-1');
  });

  test.each<[string, ReferralInput]>([
    ['without consent', { ...drafted, status: 'active', partners: referral.partners }],
    ['without partner', { ...drafted, status: 'active', consent: referral.consent }],
  ])('a sent referral %s breaks target-ref-2', (_name, input) => {
    expect(validationErrors(buildReferralRequest(input)).join('\n')).toContain('target-ref-2');
  });

  test.each([referral, byReference, drafted])('reads back exactly what it built (%#)', (input) => {
    expect(readReferralRequest(buildReferralRequest(input))).toStrictEqual(input);
  });

  test('reads the generated example', () => {
    expect(readReferralRequest(example('target-referral-request-example'))).toStrictEqual({
      id: 'target-referral-request-example',
      status: 'active',
      patient: { reference: 'Patient/target-patient-example' },
      category: 'social-welfare',
      consent: { reference: 'Consent/target-sharing-consent-example' },
      healthPlans: [{ reference: 'CarePlan/target-health-plan-example' }],
      conversation: { reference: 'Encounter/target-other-conversation-encounter-example' },
      authoredOn: '2025-02-03',
      requester: { reference: 'PractitionerRole/target-practitioner-role-example' },
      partners: [{ reference: 'HealthcareService/target-partner-service-example' }],
      reasons: [{ text: 'Weinig sociale contacten; wil weer meedoen.' }],
      reasonReferences: [{ reference: 'Observation/target-positive-health-participation-example' }],
      goals: [{ reference: 'Goal/target-care-goal-example' }, { reference: 'Goal/target-life-goal-example' }],
    });
  });

  const built = buildReferralRequest(referral);
  test.each<[string, (r: ServiceRequest) => void, string, string]>([
    ['a lab order', (r) => (r.code = { text: 'HbA1c' }), 'wrong-resource', 'ServiceRequest.code'],
    ['no consent', (r) => delete r.extension, 'missing', 'ServiceRequest.extension:consent'],
    ['no partner', (r) => delete r.performer, 'missing', 'ServiceRequest.performer'],
    ['no partner category', (r) => delete r.category, 'missing', 'ServiceRequest.category'],
    [
      'an unknown partner category',
      (r) => Object.assign(r.category?.[0].coding?.[0] ?? {}, { code: 'church' }),
      'invalid',
      'ServiceRequest.category',
    ],
    ['no requester', (r) => delete r.requester, 'missing', 'ServiceRequest.requester'],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readReferralRequest(broken(built, breakIt)))).toEqual({ code, path });
  });

  test('reads the generated draft example', () => {
    expect(readReferralRequest(example('target-draft-referral-request-example'))).toStrictEqual({
      id: 'target-draft-referral-request-example',
      status: 'draft',
      patient: { reference: 'Patient/target-patient-example' },
      category: 'dietitian',
      healthPlans: [{ reference: 'CarePlan/target-health-plan-example' }],
      conversation: { reference: 'Encounter/target-other-conversation-encounter-example' },
      authoredOn: '2025-02-03',
      requester: { reference: 'PractitionerRole/target-practitioner-role-example' },
      partners: [],
      reasons: [{ text: 'Wil afvallen om makkelijker te kunnen wandelen.' }],
      reasonReferences: [],
      goals: [{ reference: 'Goal/target-care-goal-example' }],
    });
  });

  test('a draft sent on without consent is unreadable as a sent referral', () => {
    const sent = broken(buildReferralRequest(drafted), (r) => {
      r.status = 'active';
      r.performer = [{ reference: 'HealthcareService/gli' }];
    });
    expect(readFailure(() => readReferralRequest(sent))).toEqual({
      code: 'missing',
      path: 'ServiceRequest.extension:consent',
    });
  });
});
