// TargetReferralRequest: a referral from the practice to a partner in its network, with the partner
// category, the reason (target-ref-1: in words or as a reference), the goals it serves and the patient's
// consent to share. The other conversation drafts it (`draft`, possibly without consent and partner); once it
// is sent it carries both (target-ref-2). The partner's work on it is a TargetReferralTask (./referral-task.ts).
import type { CodeableConcept, Reference, ServiceRequest } from 'fhir/r4.js';
import { ExternalCodings } from '../external.ts';
import {
  Extensions,
  Profiles,
  type TargetPartnerCategoryCode,
  TargetPartnerCategoryCodeSystem,
} from '../generated/canonical.ts';
import { compact, concept, defined, expectCoding, extensionOf, requiredCode } from './elements.ts';
import { expectResourceType, required, TargetReadError } from './read-error.ts';

export interface ReferralInput {
  id?: string;
  status: ServiceRequest['status'];
  patient: Reference;
  category: TargetPartnerCategoryCode;
  /** The patient's TargetSharingConsent for this referral; only a draft (or a withdrawn one) may lack it. */
  consent?: Reference;
  /** The health plan(s) the referral is part of. */
  healthPlans: Reference[];
  /** The other conversation in which the referral was agreed. */
  conversation?: Reference;
  authoredOn: string;
  /** The practice worker (or the practice) that refers. */
  requester: Reference;
  /** The partner service(s) or organisation(s) referred to: one or more once sent, possibly none in a draft. */
  partners: Reference[];
  /** The reason in words (`{ text }`), or coded. */
  reasons: CodeableConcept[];
  /** The reason as Conditions or Observations, e.g. a Positive Health dimension score. */
  reasonReferences: Reference[];
  /** The care and life goals the referral serves. */
  goals: Reference[];
}

export function buildReferralRequest(input: ReferralInput): ServiceRequest {
  return compact<ServiceRequest>({
    resourceType: 'ServiceRequest',
    id: input.id,
    meta: { profile: [Profiles.TargetReferralRequest] },
    extension: input.consent && [{ url: Extensions.TargetReferralConsent, valueReference: input.consent }],
    basedOn: input.healthPlans,
    status: input.status,
    intent: 'order',
    category: [concept(TargetPartnerCategoryCodeSystem, input.category)],
    code: { coding: [{ ...ExternalCodings.patientReferral }] },
    subject: input.patient,
    encounter: input.conversation,
    authoredOn: input.authoredOn,
    requester: input.requester,
    performer: input.partners,
    reasonCode: input.reasons,
    reasonReference: input.reasonReferences,
    supportingInfo: input.goals,
  });
}

/** Statuses of a referral that was never sent, so may lack consent and partner (target-ref-2). */
const UNSENT_STATUSES: readonly ServiceRequest['status'][] = ['draft', 'revoked', 'entered-in-error'];

export function readReferralRequest(resource: ServiceRequest): ReferralInput {
  expectResourceType(resource, 'ServiceRequest');
  expectCoding([resource.code], ExternalCodings.patientReferral, 'ServiceRequest.code');
  if ((resource.category?.length ?? 0) > 1) {
    throw new TargetReadError('invalid', 'ServiceRequest.category', 'more than one partner category');
  }
  const consent = extensionOf(resource, Extensions.TargetReferralConsent, 'ServiceRequest.extension:consent');
  const status = required(resource.status, 'ServiceRequest.status');
  const sent = !UNSENT_STATUSES.includes(status);
  return defined<ReferralInput>({
    id: resource.id,
    status,
    patient: required(resource.subject, 'ServiceRequest.subject'),
    category: requiredCode(TargetPartnerCategoryCodeSystem, resource.category?.[0]?.coding, 'ServiceRequest.category'),
    consent: sent ? required(consent?.valueReference, 'ServiceRequest.extension:consent') : consent?.valueReference,
    healthPlans: resource.basedOn ?? [],
    conversation: resource.encounter,
    authoredOn: required(resource.authoredOn, 'ServiceRequest.authoredOn'),
    requester: required(resource.requester, 'ServiceRequest.requester'),
    partners: sent ? required(resource.performer, 'ServiceRequest.performer') : (resource.performer ?? []),
    reasons: resource.reasonCode ?? [],
    reasonReferences: resource.reasonReference ?? [],
    goals: resource.supportingInfo ?? [],
  });
}
