// TargetOtherConversationEncounter: the other conversation (het andere gesprek), a person-centred
// conversation about Positive Health, life goals and care goals, at the practice, at home or by video/phone.
import type { Encounter, Period, Reference } from 'fhir/r4.js';
import { ExternalSystems } from '../external.ts';
import { Profiles, TargetConceptCodeSystem } from '../generated/canonical.ts';
import { compact, concept, defined, expectMarker } from './elements.ts';
import { expectResourceType, required, TargetReadError } from './read-error.ts';

/**
 * Where the conversation was held, as v3 ActCode: AMB at the practice, HH at home, VR virtual (video or
 * phone). The profile documents these three in Encounter.class's short text but does not bind them.
 */
export const CONVERSATION_SETTINGS = ['AMB', 'HH', 'VR'] as const;
export type ConversationSetting = (typeof CONVERSATION_SETTINGS)[number];

export interface ConversationInput {
  id?: string;
  status: Encounter['status'];
  setting: ConversationSetting;
  patient: Reference;
  /** The practice workers (Practitioner or PractitionerRole) who held it (one or more). */
  practiceWorkers: Reference[];
  /** Start (required) and end. */
  period: Period & { start: string };
  /** Why the patient was invited: usually the care burden Observation that selected them. */
  reasons: Reference[];
  /** The practice (TargetPracticeOrganization). */
  practice?: Reference;
}

export function buildConversationEncounter(input: ConversationInput): Encounter {
  return compact<Encounter>({
    resourceType: 'Encounter',
    id: input.id,
    meta: { profile: [Profiles.TargetOtherConversationEncounter] },
    status: input.status,
    class: { system: ExternalSystems.ActCode, code: input.setting },
    type: [concept(TargetConceptCodeSystem, 'other-conversation')],
    subject: input.patient,
    participant: input.practiceWorkers.map((individual) => ({ individual })),
    period: input.period,
    reasonReference: input.reasons,
    serviceProvider: input.practice,
  });
}

export function readConversationEncounter(resource: Encounter): ConversationInput {
  expectResourceType(resource, 'Encounter');
  expectMarker(resource.type, TargetConceptCodeSystem, 'other-conversation', 'Encounter.type');
  const encounterClass = required(resource.class, 'Encounter.class');
  const setting = CONVERSATION_SETTINGS.find((s) => s === encounterClass.code);
  if (encounterClass.system !== ExternalSystems.ActCode || !setting) {
    throw new TargetReadError('invalid', 'Encounter.class', `${encounterClass.code} is not AMB, HH or VR`);
  }
  const participants = required(resource.participant, 'Encounter.participant');
  const period = required(resource.period, 'Encounter.period');
  return defined<ConversationInput>({
    id: resource.id,
    status: required(resource.status, 'Encounter.status'),
    setting,
    patient: required(resource.subject, 'Encounter.subject'),
    practiceWorkers: participants.map((p, i) => required(p.individual, `Encounter.participant[${i}].individual`)),
    period: { ...period, start: required(period.start, 'Encounter.period.start') },
    reasons: resource.reasonReference ?? [],
    practice: resource.serviceProvider,
  });
}
