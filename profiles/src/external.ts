// The external (non-TARGET) systems and fixed codes the profiles use: the FSH aliases of
// profiles/input/fsh/aliases.fsh and the fixed/pattern codings of the StructureDefinitions. The generated
// canonical.ts holds only our own canonicals, so these are written once here, and
// tests/profiles/external.test.ts checks every one against aliases.fsh and the generated snapshots: a
// change in the FSH that is not made here fails the tests.
import type { Coding } from 'fhir/r4.js';

/** External code and naming systems, by their alias in aliases.fsh (without the `$`). */
export const ExternalSystems = {
  ICPC: 'http://hl7.org/fhir/sid/icpc-1-nl',
  SCT: 'http://snomed.info/sct',
  ICD10: 'http://hl7.org/fhir/sid/icd-10',
  LOINC: 'http://loinc.org',
  UCUM: 'http://unitsofmeasure.org',
  BSN: 'http://fhir.nl/fhir/NamingSystem/bsn',
  AGB: 'http://fhir.nl/fhir/NamingSystem/agb-z',
  UZI: 'http://fhir.nl/fhir/NamingSystem/uzi-nr-pers',
  ActCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  ActReason: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  ParticipationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  ObservationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  OrganizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  ConsentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  TaskCode: 'http://hl7.org/fhir/CodeSystem/task-code',
  ConditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  ConditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  ConnectionType: 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type',
  GoalPriority: 'http://terminology.hl7.org/CodeSystem/goal-priority',
  MinValue: 'http://hl7.org/fhir/StructureDefinition/minValue',
  MaxValue: 'http://hl7.org/fhir/StructureDefinition/maxValue',
  /** R5 Provenance.patient as an R4 extension (FHIR cross-version extensions): the patient whose record it is. */
  ProvenancePatient: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Provenance.patient',
  DataOperation: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation',
  ProvenanceParticipantType: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
  GoalAchievement: 'http://terminology.hl7.org/CodeSystem/goal-achievement',
} as const;

/** UCUM unit codes of the profiles' fixed Quantity units. */
export const UcumUnits = {
  weightedContacts: '{weighted-contacts}',
  score: '{score}',
} as const;

/**
 * The fixed codings of external systems that the profiles require by pattern, exactly as in the snapshots
 * (a display in the pattern must be present in the instance too).
 */
export const ExternalCodings = {
  /** TargetPositiveHealth*Observation.category:survey */
  survey: { system: ExternalSystems.ObservationCategory, code: 'survey' },
  /** TargetPracticeOrganization.type:provider */
  healthcareProvider: { system: ExternalSystems.OrganizationType, code: 'prov', display: 'Healthcare Provider' },
  /** TargetReferralRequest.code */
  patientReferral: { system: ExternalSystems.SCT, code: '3457005', display: 'Patient referral' },
  /** TargetReferralTask.code */
  fulfill: { system: ExternalSystems.TaskCode, code: 'fulfill', display: 'Fulfill the focal request' },
  /** TargetSharingConsent.scope */
  patientPrivacy: { system: ExternalSystems.ConsentScope, code: 'patient-privacy' },
  /** TargetSharingConsent.category:patientConsent */
  patientConsent: { system: ExternalSystems.LOINC, code: '59284-0', display: 'Patient Consent' },
  /** TargetSharingConsent.policyRule */
  optIn: { system: ExternalSystems.ActCode, code: 'OPTIN', display: 'opt-in' },
  /** TargetSharingConsent.provision.actor.role */
  informationRecipient: { system: ExternalSystems.ParticipationType, code: 'IRCP', display: 'information recipient' },
  /** TargetConversationProvenance.agent:author.type */
  provenanceAuthor: { system: ExternalSystems.ProvenanceParticipantType, code: 'author' },
} as const satisfies Record<string, Coding>;
