import type { Provenance } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  buildConversationProvenance,
  type ConversationProvenanceInput,
  readConversationProvenance,
} from '../../../profiles/src/builders/provenance.ts';
import { broken, example, readFailure, validationErrors } from './support.ts';

const fromPatientAnswers: ConversationProvenanceInput = {
  id: 'prov-1',
  targets: [
    { reference: 'Encounter/conv-1' },
    { reference: 'QuestionnaireResponse/qr-1' },
    { reference: 'Goal/lg-1' },
    { reference: 'CarePlan/plan-1' },
  ],
  period: { start: '2025-03-04T10:00:00+01:00', end: '2025-03-04T10:50:00+01:00' },
  recorded: '2025-03-04T10:52:00+01:00',
  activity: 'CREATE',
  author: { reference: 'PractitionerRole/gp-1-role' },
  practice: { reference: 'Organization/practice' },
  patient: { reference: 'Patient/p1' },
  sources: [{ response: { reference: 'QuestionnaireResponse/qr-1' }, givenBy: { reference: 'Patient/p1' } }],
};

const revised: ConversationProvenanceInput = {
  targets: [{ reference: 'Encounter/conv-2/_history/3' }],
  period: { start: '2025-03-05T14:00:00+01:00' },
  recorded: '2025-03-06T09:00:00+01:00',
  activity: 'UPDATE',
  author: { reference: 'PractitionerRole/poh-1-role' },
  practice: { reference: 'Organization/practice' },
  patient: { reference: 'Patient/p2' },
  sources: [],
};

describe('conversation Provenance', () => {
  test.each([
    ['made from the patient’s own answers', fromPatientAnswers],
    ['of a revised record without source', revised],
  ])('builds a Provenance %s that conforms to TargetConversationProvenance', (_name, input) => {
    expect(validationErrors(buildConversationProvenance(input))).toEqual([]);
  });

  test('an author without the practice breaks target-prov-1', () => {
    const provenance = broken(buildConversationProvenance(revised), (r) => delete r.agent[0].onBehalfOf);
    expect(validationErrors(provenance).join('\n')).toContain('target-prov-1');
  });

  test.each([fromPatientAnswers, revised])('reads back exactly what it built (%#)', (input) => {
    expect(readConversationProvenance(buildConversationProvenance(input))).toStrictEqual(input);
  });

  test('reads the generated example', () => {
    const read = readConversationProvenance(example('target-conversation-provenance-example'));
    expect(read).toMatchObject({
      activity: 'CREATE',
      author: { reference: 'PractitionerRole/target-practitioner-role-example' },
      practice: { reference: 'Organization/target-practice-organization-example' },
      sources: [
        {
          response: { reference: 'QuestionnaireResponse/target-positive-health-questionnaire-response-example' },
          givenBy: { reference: 'Patient/target-patient-example' },
        },
      ],
    });
    expect(read.targets).toHaveLength(8);
  });

  const built = buildConversationProvenance(fromPatientAnswers);
  test.each<[string, (r: Provenance) => void, string, string]>([
    ['no author', (r) => (r.agent = []), 'missing', 'Provenance.agent:author'],
    ['two authors', (r) => r.agent.push(structuredClone(r.agent[0])), 'invalid', 'Provenance.agent:author'],
    ['no practice', (r) => delete r.agent[0].onBehalfOf, 'missing', 'Provenance.agent:author.onBehalfOf'],
    [
      'a deletion',
      (r) => Object.assign(r.activity?.coding?.[0] ?? {}, { code: 'DELETE' }),
      'invalid',
      'Provenance.activity',
    ],
    [
      'a derived entity',
      (r) => Object.assign(r.entity?.[0] ?? {}, { role: 'derivation' }),
      'invalid',
      'Provenance.entity[0].role',
    ],
    ['a source without who gave it', (r) => delete r.entity?.[0].agent, 'missing', 'Provenance.entity[0].agent.who'],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readConversationProvenance(broken(built, breakIt)))).toEqual({ code, path });
  });
});
