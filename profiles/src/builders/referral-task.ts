// TargetReferralTask: the partner's work on a referral (Koppeltaal-style Task workflow). It fulfils the
// TargetReferralRequest, is owned by the partner, tracks status and business status (first contact,
// patient declined), and returns feedback to the practice as output. A completed Task has feedback
// (target-task-1); a rejected or cancelled one says why (target-task-2). Status transitions span two
// versions of the Task, so the server checks them, not these pure functions.
import type { Reference, Task, TaskOutput } from 'fhir/r4.js';
import { ExternalCodings } from '../external.ts';
import {
  Profiles,
  TargetConceptCodeSystem,
  type TargetReferralProgressCode,
  TargetReferralProgressCodeSystem,
} from '../generated/canonical.ts';
import { codeIn, compact, concept, defined, expectCoding, hasCoding } from './elements.ts';
import { expectResourceType, required } from './read-error.ts';

export interface ReferralTaskInput {
  id?: string;
  status: Task['status'];
  /**
   * Milestone beside the status. The binding is extensible: a businessStatus without a TARGET code is
   * not read into this field (and not lost on the resource, but not part of the input either).
   */
  progress?: TargetReferralProgressCode;
  /** Why the Task was rejected or cancelled, in words. */
  statusReason?: string;
  /** The TargetReferralRequest this Task fulfils. */
  referral: Reference;
  patient: Reference;
  /** When the practice sent the referral. */
  authoredOn: string;
  lastModified?: string;
  requester?: Reference;
  /** The partner that works on the referral. */
  partner: Reference;
  /** The partner's feedback to the practice, in plain words. */
  feedback: string[];
}

function feedbackOutput(text: string): TaskOutput {
  return { type: concept(TargetConceptCodeSystem, 'referral-feedback'), valueString: text };
}

export function buildReferralTask(input: ReferralTaskInput): Task {
  return compact<Task>({
    resourceType: 'Task',
    id: input.id,
    meta: { profile: [Profiles.TargetReferralTask] },
    status: input.status,
    statusReason: input.statusReason === undefined ? undefined : { text: input.statusReason },
    businessStatus: input.progress && concept(TargetReferralProgressCodeSystem, input.progress),
    intent: 'order',
    code: { coding: [{ ...ExternalCodings.fulfill }] },
    focus: input.referral,
    for: input.patient,
    authoredOn: input.authoredOn,
    lastModified: input.lastModified,
    requester: input.requester,
    owner: input.partner,
    output: input.feedback.map(feedbackOutput),
  });
}

export function readReferralTask(resource: Task): ReferralTaskInput {
  expectResourceType(resource, 'Task');
  expectCoding([resource.code], ExternalCodings.fulfill, 'Task.code');
  const reason = resource.statusReason;
  const feedback = (resource.output ?? []).filter((o) =>
    hasCoding([o.type], TargetConceptCodeSystem.url, 'referral-feedback'),
  );
  return defined<ReferralTaskInput>({
    id: resource.id,
    status: required(resource.status, 'Task.status'),
    progress: codeIn(TargetReferralProgressCodeSystem, resource.businessStatus?.coding, 'Task.businessStatus'),
    statusReason: reason && (reason.text ?? reason.coding?.[0]?.display ?? reason.coding?.[0]?.code),
    referral: required(resource.focus, 'Task.focus'),
    patient: required(resource.for, 'Task.for'),
    authoredOn: required(resource.authoredOn, 'Task.authoredOn'),
    lastModified: resource.lastModified,
    requester: resource.requester,
    partner: required(resource.owner, 'Task.owner'),
    feedback: feedback.map((o, i) => required(o.valueString, `Task.output:feedback[${i}].valueString`)),
  });
}
