// TargetOtherConversationEncounter: the other conversation (het andere gesprek), a person-centred
// conversation about Positive Health, life goals and care goals, at the practice, at home or by video/phone.
// It is `in-progress` while a draft and `finished` when done; a finished conversation carries its outcome
// (target-enc-1) and names the care burden result it was held for version-specifically (target-enc-2).
import type { CodeableConcept, Encounter, Period, Reference } from 'fhir/r4.js';
import { ExternalSystems } from '../external.ts';
import {
  Extensions,
  Profiles,
  TargetConceptCodeSystem,
  type TargetConversationOutcomeCode,
  TargetConversationOutcomeCodeSystem,
  type TargetConversationSequenceCode,
  TargetConversationSequenceCodeSystem,
  type TargetConversationToolCode,
  TargetConversationToolCodeSystem,
} from '../generated/canonical.ts';
import { codeIn, compact, concept, defined, expectMarker, extensionOf, requiredCode } from './elements.ts';
import { expectResourceType, required, TargetReadError } from './read-error.ts';
import { logicalReference, refersTo } from './references.ts';

/**
 * Where the conversation was held, as v3 ActCode: AMB at the practice, HH at home, VR virtual (video or
 * phone). The profile binds Encounter.class to these three (TargetConversationClassValueSet, required).
 */
export const CONVERSATION_SETTINGS = ['AMB', 'HH', 'VR'] as const;
export type ConversationSetting = (typeof CONVERSATION_SETTINGS)[number];

export interface ConversationInput {
  id?: string;
  /** `in-progress` while the conversation is a draft, `finished` when it is done. */
  status: Encounter['status'];
  setting: ConversationSetting;
  /** The patient's first conversation, or a follow-up. */
  sequence: TargetConversationSequenceCode;
  /** The tool used: the Positive Health spider web, none, or another. */
  tool: TargetConversationToolCode;
  /** Which tool, in words (with `other`). */
  toolText?: string;
  /** No referral needed, own action or referral: required once finished (target-enc-1). */
  outcome?: TargetConversationOutcomeCode;
  patient: Reference;
  /** The PractitionerRoles of the practice workers who held it (one or more): GP or POH. */
  practiceWorkers: Reference[];
  /** Start (required) and end. */
  period: Period & { start: string };
  /**
   * Why the patient was invited: usually the care burden Observation that selected them, version-specific
   * (`Observation/{id}/_history/{vid}`, see versionSpecificReference).
   */
  reasons: Reference[];
  /** The practice (TargetPracticeOrganization). */
  practice?: Reference;
}

export function buildConversationEncounter(input: ConversationInput): Encounter {
  const tool: CodeableConcept = concept(TargetConversationToolCodeSystem, input.tool);
  return compact<Encounter>({
    resourceType: 'Encounter',
    id: input.id,
    meta: { profile: [Profiles.TargetOtherConversationEncounter] },
    extension: [
      {
        url: Extensions.TargetConversationSequence,
        valueCodeableConcept: concept(TargetConversationSequenceCodeSystem, input.sequence),
      },
      {
        url: Extensions.TargetConversationTool,
        valueCodeableConcept: input.toolText === undefined ? tool : { ...tool, text: input.toolText },
      },
      ...(input.outcome
        ? [
            {
              url: Extensions.TargetConversationOutcome,
              valueCodeableConcept: concept(TargetConversationOutcomeCodeSystem, input.outcome),
            },
          ]
        : []),
    ],
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

function readPracticeWorker(individual: Reference | undefined, path: string): Reference {
  const worker = required(individual, path);
  // The profile allows only PractitionerRole (GP or POH is told by its code); the validator does not check
  // reference targets, so the reader does for literal references.
  if (worker.reference !== undefined && !refersTo(worker, 'PractitionerRole')) {
    throw new TargetReadError('invalid', path, `${worker.reference} is not a PractitionerRole`);
  }
  return worker;
}

function readReason(reason: Reference, index: number): Reference {
  const target = logicalReference(reason.reference);
  if (target?.resourceType === 'Observation' && target.version === undefined) {
    throw new TargetReadError(
      'invalid',
      `Encounter.reasonReference[${index}]`,
      `${reason.reference} is not version-specific (target-enc-2)`,
    );
  }
  return reason;
}

export function readConversationEncounter(resource: Encounter): ConversationInput {
  expectResourceType(resource, 'Encounter');
  expectMarker(resource.type, TargetConceptCodeSystem, 'other-conversation', 'Encounter.type');
  const encounterClass = required(resource.class, 'Encounter.class');
  const setting = CONVERSATION_SETTINGS.find((s) => s === encounterClass.code);
  if (encounterClass.system !== ExternalSystems.ActCode || !setting) {
    throw new TargetReadError('invalid', 'Encounter.class', `${encounterClass.code} is not AMB, HH or VR`);
  }
  const status = required(resource.status, 'Encounter.status');
  const sequence = extensionOf(resource, Extensions.TargetConversationSequence, 'Encounter.extension:sequence');
  const tool = extensionOf(resource, Extensions.TargetConversationTool, 'Encounter.extension:tool');
  const outcome = extensionOf(resource, Extensions.TargetConversationOutcome, 'Encounter.extension:outcome');
  const outcomeCode = codeIn(
    TargetConversationOutcomeCodeSystem,
    outcome?.valueCodeableConcept?.coding,
    'Encounter.extension:outcome',
  );
  if (status === 'finished' && outcomeCode === undefined) {
    throw new TargetReadError(
      'missing',
      'Encounter.extension:outcome',
      'a finished conversation has an outcome (target-enc-1)',
    );
  }
  const participants = required(resource.participant, 'Encounter.participant');
  const period = required(resource.period, 'Encounter.period');
  return defined<ConversationInput>({
    id: resource.id,
    status,
    setting,
    sequence: requiredCode(
      TargetConversationSequenceCodeSystem,
      sequence?.valueCodeableConcept?.coding,
      'Encounter.extension:sequence',
    ),
    tool: requiredCode(
      TargetConversationToolCodeSystem,
      tool?.valueCodeableConcept?.coding,
      'Encounter.extension:tool',
    ),
    toolText: tool?.valueCodeableConcept?.text,
    outcome: outcomeCode,
    patient: required(resource.subject, 'Encounter.subject'),
    practiceWorkers: participants.map((p, i) =>
      readPracticeWorker(p.individual, `Encounter.participant[${i}].individual`),
    ),
    period: { ...period, start: required(period.start, 'Encounter.period.start') },
    reasons: (resource.reasonReference ?? []).map(readReason),
    practice: resource.serviceProvider,
  });
}
