// TargetConversationProvenance: who recorded a finished other conversation, and from what. Written in the
// same transaction as the record: the targets are every resource the conversation wrote; the author is the
// practice worker's PractitionerRole on behalf of the practice (target-prov-1); when the patient filled in
// their Positive Health answers beforehand, that response is the source entity, with the patient as its agent.
import type { Period, Provenance, ProvenanceAgent, Reference } from 'fhir/r4.js';
import { ExternalCodings, ExternalSystems } from '../external.ts';
import { Profiles } from '../generated/canonical.ts';
import { compact, defined, hasCoding } from './elements.ts';
import { atMostOne, expectResourceType, required, TargetReadError } from './read-error.ts';

/** What the recording did, as v3 DataOperation: created the record, or revised it after a correction. */
export const RECORD_ACTIVITIES = ['CREATE', 'UPDATE'] as const;
export type RecordActivity = (typeof RECORD_ACTIVITIES)[number];
const ACTIVITY_DISPLAYS: Record<RecordActivity, string> = { CREATE: 'create', UPDATE: 'revise' };

/** The patient's own answers the record was made from, and who gave them. */
export interface ProvenanceSource {
  /** The QuestionnaireResponse the patient filled in beforehand. */
  response: Reference;
  /** The patient (or a relative for them). */
  givenBy: Reference;
}

export interface ConversationProvenanceInput {
  id?: string;
  /** Every resource of the finished conversation. */
  targets: Reference[];
  /** The period of the conversation (the Encounter's). */
  period: Period;
  /** When the record was written. */
  recorded: string;
  activity: RecordActivity;
  /** The PractitionerRole of the practice worker who held the conversation. */
  author: Reference;
  /** The practice the author acts for. */
  practice: Reference;
  /** The patient's own answers, when they gave them beforehand. */
  sources: ProvenanceSource[];
  /** The patient whose record it is (R5 Provenance.patient, target-prov-2): puts it in their compartment. */
  patient: Reference;
}

function isAuthor(agent: ProvenanceAgent): boolean {
  return hasCoding([agent.type], ExternalCodings.provenanceAuthor.system, ExternalCodings.provenanceAuthor.code);
}

export function buildConversationProvenance(input: ConversationProvenanceInput): Provenance {
  return compact<Provenance>({
    resourceType: 'Provenance',
    id: input.id,
    meta: { profile: [Profiles.TargetConversationProvenance] },
    extension: [{ url: ExternalSystems.ProvenancePatient, valueReference: input.patient }],
    target: input.targets,
    occurredPeriod: input.period,
    recorded: input.recorded,
    activity: {
      coding: [
        { system: ExternalSystems.DataOperation, code: input.activity, display: ACTIVITY_DISPLAYS[input.activity] },
      ],
    },
    agent: [
      {
        type: { coding: [{ ...ExternalCodings.provenanceAuthor }] },
        who: input.author,
        onBehalfOf: input.practice,
      },
    ],
    entity: input.sources.map((source) => ({
      role: 'source',
      what: source.response,
      agent: [{ who: source.givenBy }],
    })),
  });
}

export function readConversationProvenance(resource: Provenance): ConversationProvenanceInput {
  expectResourceType(resource, 'Provenance');
  const author = required(
    atMostOne(resource.agent.filter(isAuthor), 'Provenance.agent:author'),
    'Provenance.agent:author',
  );
  const activity = resource.activity?.coding?.find((c) => c.system === ExternalSystems.DataOperation)?.code;
  if (!(RECORD_ACTIVITIES as readonly (string | undefined)[]).includes(activity)) {
    throw new TargetReadError('invalid', 'Provenance.activity', `${activity ?? 'nothing'} is not CREATE or UPDATE`);
  }
  const patient = resource.extension?.find((e) => e.url === ExternalSystems.ProvenancePatient)?.valueReference;
  return defined<ConversationProvenanceInput>({
    id: resource.id,
    patient: required(patient, 'Provenance.extension:patient'),
    targets: required(resource.target, 'Provenance.target'),
    period: required(resource.occurredPeriod, 'Provenance.occurredPeriod'),
    recorded: required(resource.recorded, 'Provenance.recorded'),
    activity: activity as RecordActivity,
    author: required(author.who, 'Provenance.agent:author.who'),
    practice: required(author.onBehalfOf, 'Provenance.agent:author.onBehalfOf'),
    sources: (resource.entity ?? []).map((entity, i) => {
      if (entity.role !== 'source') {
        throw new TargetReadError('invalid', `Provenance.entity[${i}].role`, `${entity.role} is not source`);
      }
      return {
        response: required(entity.what, `Provenance.entity[${i}].what`),
        givenBy: required(
          atMostOne(entity.agent ?? [], `Provenance.entity[${i}].agent`)?.who,
          `Provenance.entity[${i}].agent.who`,
        ),
      };
    }),
  });
}
