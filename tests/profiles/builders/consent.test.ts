import type { Consent } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  buildSharingConsent,
  readSharingConsent,
  type SharingConsentInput,
} from '../../../profiles/src/builders/consent.ts';
import { broken, example, readFailure, validationErrors } from './support.ts';

const permit: SharingConsentInput = {
  id: 'consent-1',
  status: 'active',
  patient: { reference: 'Patient/p1' },
  dateTime: '2025-03-04T10:30:00+01:00',
  consentedBy: [{ reference: 'Patient/p1' }],
  practices: [{ reference: 'Organization/practice' }],
  permit: true,
  period: { start: '2025-03-04', end: '2025-09-04' },
  recipients: [{ reference: 'Organization/schuldhulp' }],
  data: [{ meaning: 'related', reference: { reference: 'ServiceRequest/ref-1' } }],
};

const deny: SharingConsentInput = {
  status: 'rejected',
  patient: { reference: 'Patient/p2' },
  dateTime: '2025-03-05',
  consentedBy: [],
  practices: [{ reference: 'Organization/practice' }],
  permit: false,
  recipients: [{ reference: 'Organization/ggz' }],
  data: [],
};

describe('sharing consent', () => {
  test.each([
    ['a permit', permit],
    ['a denial', deny],
  ])('builds %s that conforms to TargetSharingConsent', (_name, input) => {
    expect(validationErrors(buildSharingConsent(input))).toEqual([]);
  });

  test.each([permit, deny])('reads back exactly what it built (%#)', (input) => {
    expect(readSharingConsent(buildSharingConsent(input))).toStrictEqual(input);
  });

  test('reads the generated example', () => {
    expect(readSharingConsent(example('target-sharing-consent-example'))).toStrictEqual({
      id: 'target-sharing-consent-example',
      status: 'active',
      patient: { reference: 'Patient/target-patient-example' },
      dateTime: '2025-02-03T10:40:00+01:00',
      consentedBy: [{ reference: 'Patient/target-patient-example' }],
      practices: [{ reference: 'Organization/target-practice-organization-example' }],
      permit: true,
      period: { start: '2025-02-03', end: '2026-02-03' },
      recipients: [{ reference: 'Organization/target-partner-organization-example' }],
      data: [{ meaning: 'related', reference: { reference: 'ServiceRequest/target-referral-request-example' } }],
    });
  });

  const built = buildSharingConsent(permit);
  test.each<[string, (r: Consent) => void, string, string]>([
    ['a treatment consent', (r) => (r.scope = { text: 'treatment' }), 'wrong-resource', 'Consent.scope'],
    ['an opt-out policy', (r) => (r.policyRule = { text: 'opt-out' }), 'wrong-resource', 'Consent.policyRule'],
    ['no provision', (r) => delete r.provision, 'missing', 'Consent.provision'],
    ['no recipient', (r) => delete r.provision?.actor, 'missing', 'Consent.provision.actor'],
    ['no practice', (r) => delete r.organization, 'missing', 'Consent.organization'],
    ['no date', (r) => delete r.dateTime, 'missing', 'Consent.dateTime'],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readSharingConsent(broken(built, breakIt)))).toEqual({ code, path });
  });
});
