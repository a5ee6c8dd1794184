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
  patient: { reference: 'Patient/p1' },
  practiceWorkers: [{ reference: 'Practitioner/poh-1' }, { reference: 'PractitionerRole/gp-1-role' }],
  period: { start: '2025-03-04T10:00:00+01:00', end: '2025-03-04T11:00:00+01:00' },
  reasons: [{ reference: 'Observation/cb-1' }],
  practice: { reference: 'Organization/practice' },
};

const planned: ConversationInput = {
  status: 'planned',
  setting: 'VR',
  patient: { reference: 'Patient/p2' },
  practiceWorkers: [{ reference: 'Practitioner/poh-1' }],
  period: { start: '2025-04-01T09:00:00+02:00' },
  reasons: [],
};

describe('other conversation Encounter', () => {
  test.each([
    ['at home', atHome],
    ['planned by video', planned],
  ])('builds a conversation %s that conforms to the profile', (_name, input) => {
    expect(validationErrors(buildConversationEncounter(input))).toEqual([]);
  });

  test.each([atHome, planned])('reads back exactly what it built ($setting)', (input) => {
    expect(readConversationEncounter(buildConversationEncounter(input))).toStrictEqual(input);
  });

  test('reads the generated example', () => {
    expect(readConversationEncounter(example('target-other-conversation-encounter-example'))).toStrictEqual({
      id: 'target-other-conversation-encounter-example',
      status: 'finished',
      setting: 'AMB',
      patient: { reference: 'Patient/target-patient-example' },
      practiceWorkers: [{ reference: 'Practitioner/target-practitioner-example' }],
      period: { start: '2025-02-03T10:00:00+01:00', end: '2025-02-03T10:45:00+01:00' },
      reasons: [{ reference: 'Observation/target-care-burden-observation-example' }],
      practice: { reference: 'Organization/target-practice-organization-example' },
    });
  });

  const built = buildConversationEncounter(atHome);
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
    ['no start', (r) => delete r.period?.start, 'missing', 'Encounter.period.start'],
    ['no patient', (r) => delete r.subject, 'missing', 'Encounter.subject'],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readConversationEncounter(broken(built, breakIt)))).toEqual({ code, path });
  });
});
