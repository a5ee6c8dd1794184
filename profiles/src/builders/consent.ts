// TargetSharingConsent: the patient's opt-in that the practice shares the data of a referral with a
// partner organisation (the information recipient). R4 Consent actors cannot be a HealthcareService, so
// the partner is named by its organisation.
import type { Consent, ConsentProvision, ConsentProvisionData, Period, Reference } from 'fhir/r4.js';
import { ExternalCodings } from '../external.ts';
import { Profiles } from '../generated/canonical.ts';
import { compact, defined, expectCoding, hasCoding } from './elements.ts';
import { expectResourceType, required } from './read-error.ts';

export interface SharingConsentInput {
  id?: string;
  status: Consent['status'];
  patient: Reference;
  /** When consent was given (or refused). */
  dateTime: string;
  /** The patient, or their legal representative. */
  consentedBy: Reference[];
  /** The practice(s) that hold the data and share it (one or more). */
  practices: Reference[];
  /** true: the patient permits the sharing; false: denies it. */
  permit: boolean;
  /** How long the practice may share. */
  period?: Period;
  /** The partner organisation(s) that receive the data (one or more). */
  recipients: Reference[];
  /** What may be shared: usually the TargetReferralRequest with meaning `related`. */
  data: ConsentProvisionData[];
}

export function buildSharingConsent(input: SharingConsentInput): Consent {
  return compact<Consent>({
    resourceType: 'Consent',
    id: input.id,
    meta: { profile: [Profiles.TargetSharingConsent] },
    status: input.status,
    scope: { coding: [{ ...ExternalCodings.patientPrivacy }] },
    category: [{ coding: [{ ...ExternalCodings.patientConsent }] }],
    patient: input.patient,
    dateTime: input.dateTime,
    performer: input.consentedBy,
    organization: input.practices,
    policyRule: { coding: [{ ...ExternalCodings.optIn }] },
    provision: compact<ConsentProvision>({
      type: input.permit ? 'permit' : 'deny',
      period: input.period,
      actor: input.recipients.map((reference) => ({
        role: { coding: [{ ...ExternalCodings.informationRecipient }] },
        reference,
      })),
      data: input.data,
    }),
  });
}

export function readSharingConsent(resource: Consent): SharingConsentInput {
  expectResourceType(resource, 'Consent');
  expectCoding([resource.scope], ExternalCodings.patientPrivacy, 'Consent.scope');
  expectCoding([resource.policyRule], ExternalCodings.optIn, 'Consent.policyRule');
  const provision = required(resource.provision, 'Consent.provision');
  const type = required(provision.type, 'Consent.provision.type');
  const { system, code } = ExternalCodings.informationRecipient;
  const recipients = (provision.actor ?? []).flatMap((actor) =>
    hasCoding([actor.role], system, code) ? [actor.reference] : [],
  );
  return defined<SharingConsentInput>({
    id: resource.id,
    status: required(resource.status, 'Consent.status'),
    patient: required(resource.patient, 'Consent.patient'),
    dateTime: required(resource.dateTime, 'Consent.dateTime'),
    consentedBy: resource.performer ?? [],
    practices: required(resource.organization, 'Consent.organization'),
    permit: type === 'permit',
    period: provision.period,
    recipients: required(recipients, 'Consent.provision.actor'),
    data: provision.data ?? [],
  });
}
