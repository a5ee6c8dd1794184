import type { Encounter } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  buildConversationEncounter,
  type ConversationInput,
  readConversationEncounter,
} from '../../../profiles/src/builders/conversation.ts';
import { broken, example, readFailure, validationErrors } from './support.ts';

const atHome: ConversationInput = {
  id: 'conv-1',
  status: 'finished',
  setting: 'HH',
  sequence: 'follow-up',
  tool: 'positive-health',
  outcome: 'own-action',
  patient: { reference: 'Patient/p1' },
  practiceWorkers: [{ reference: 'PractitionerRole/poh-1-role' }, { reference: 'PractitionerRole/gp-1-role' }],
  period: { start: '2025-03-04T10:00:00+01:00', end: '2025-03-04T11:00:00+01:00' },
  reasons: [{ reference: 'Observation/cb-1/_history/2' }, { reference: 'Condition/copd' }],
  practice: { reference: 'Organization/practice' },
};

const draftByVideo: ConversationInput = {
  status: 'in-progress',
  setting: 'VR',
  sequence: 'first',
  tool: 'other',
  toolText: 'Kaartspel "Wat vind ik belangrijk"',
  patient: { reference: 'Patient/p2' },
  practiceWorkers: [{ reference: 'https://ehr.example/fhir/PractitionerRole/poh-1-role' }],
  period: { start: '2025-04-01T09:00:00+02:00' },
  reasons: [],
};

describe('other conversation Encounter', () => {
  test.each([
    ['finished at home', atHome],
    ['a draft by video with another tool', draftByVideo],
  ])('builds a conversation %s that conforms to the profile', (_name, input) => {
    expect(validationErrors(buildConversationEncounter(input))).toEqual([]);
  });

  test('a finished conversation without outcome breaks target-enc-1', () => {
    const { outcome: _outcome, ...withoutOutcome } = atHome;
    expect(validationErrors(buildConversationEncounter(withoutOutcome)).join('\n')).toContain('target-enc-1');
  });

  test('a care burden reason that is not version-specific breaks target-enc-2', () => {
    const issues = validationErrors(
      buildConversationEncounter({ ...atHome, reasons: [{ reference: 'Observation/cb-1' }] }),
    );
    expect(issues.join('\n')).toContain('target-enc-2');
  });

  test.each([atHome, draftByVideo])('reads back exactly what it built ($setting)', (input) => {
    expect(readConversationEncounter(buildConversationEncounter(input))).toStrictEqual(input);
  });

  test('reads the generated example', () => {
    expect(readConversationEncounter(example('target-other-conversation-encounter-example'))).toStrictEqual({
      id: 'target-other-conversation-encounter-example',
      status: 'finished',
      setting: 'AMB',
      sequence: 'first',
      tool: 'positive-health',
      outcome: 'referral',
      patient: { reference: 'Patient/target-patient-example' },
      practiceWorkers: [{ reference: 'PractitionerRole/target-practitioner-role-example' }],
      period: { start: '2025-02-03T10:00:00+01:00', end: '2025-02-03T10:45:00+01:00' },
      reasons: [{ reference: 'Observation/target-care-burden-observation-example/_history/1' }],
      practice: { reference: 'Organization/target-practice-organization-example' },
    });
  });

  const built = buildConversationEncounter(atHome);
  const withoutExtension = (r: Encounter, name: string) =>
    (r.extension = r.extension?.filter((e) => !e.url.endsWith(`/${name}`)));
  test.each<[string, (r: Encounter) => void, string, string]>([
    ['a GP consult', (r) => (r.type = [{ text: 'consult' }]), 'wrong-resource', 'Encounter.type'],
    ['an emergency class', (r) => Object.assign(r.class, { code: 'EMER' }), 'invalid', 'Encounter.class'],
    ['no practice worker', (r) => delete r.participant, 'missing', 'Encounter.participant'],
    [
      'a participant without individual',
      (r) => r.participant?.push({ type: [{ text: 'tolk' }] }),
      'missing',
      'Encounter.participant[2].individual',
    ],
    [
      'a Practitioner instead of their role',
      (r) => r.participant?.push({ individual: { reference: 'Practitioner/gp-1' } }),
      'invalid',
      'Encounter.participant[2].individual',
    ],
    ['no start', (r) => delete r.period?.start, 'missing', 'Encounter.period.start'],
    ['no patient', (r) => delete r.subject, 'missing', 'Encounter.subject'],
    [
      'no first-or-follow-up',
      (r) => withoutExtension(r, 'target-conversation-sequence'),
      'missing',
      'Encounter.extension:sequence',
    ],
    ['no tool', (r) => withoutExtension(r, 'target-conversation-tool'), 'missing', 'Encounter.extension:tool'],
    [
      'a finished conversation without outcome',
      (r) => withoutExtension(r, 'target-conversation-outcome'),
      'missing',
      'Encounter.extension:outcome',
    ],
    [
      'an unknown outcome',
      (r) => {
        const outcome = r.extension?.find((e) => e.url.endsWith('/target-conversation-outcome'));
        Object.assign(outcome?.valueCodeableConcept?.coding?.[0] ?? {}, { code: 'maybe' });
      },
      'invalid',
      'Encounter.extension:outcome',
    ],
    [
      'a care burden reason that is not version-specific',
      (r) => (r.reasonReference = [{ reference: 'https://ehr.example/fhir/Observation/cb-1' }]),
      'invalid',
      'Encounter.reasonReference[0]',
    ],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readConversationEncounter(broken(built, breakIt)))).toEqual({ code, path });
  });
});
