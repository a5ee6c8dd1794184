// Code systems and naming systems used by the test corpus (Dutch primary care).
export const SYSTEM = {
  bsn: 'http://fhir.nl/fhir/NamingSystem/bsn',
  agb: 'http://fhir.nl/fhir/NamingSystem/agb-z',
  big: 'http://fhir.nl/fhir/NamingSystem/big',
  ura: 'http://fhir.nl/fhir/NamingSystem/ura',
  uzovi: 'http://fhir.nl/fhir/NamingSystem/uzovi',
  icpc: 'http://hl7.org/fhir/sid/icpc-1-nl',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  dataAbsentReason: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
  interpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  organizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  practitionerRole: 'http://terminology.hl7.org/CodeSystem/practitioner-role',
  vektisSpecialism: 'urn:oid:2.16.840.1.113883.2.4.6.7',
  serviceType: 'http://terminology.hl7.org/CodeSystem/service-type',
  serviceCategory: 'http://terminology.hl7.org/CodeSystem/service-category',
  language: 'urn:ietf:bcp:47',
  episodeType: 'http://terminology.hl7.org/CodeSystem/episodeofcare-type',
  goalAchievement: 'http://terminology.hl7.org/CodeSystem/goal-achievement',
  goalCategory: 'http://terminology.hl7.org/CodeSystem/goal-category',
  carePlanCategory: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category',
  careTeamCategory: 'http://loinc.org',
  taskCode: 'http://hl7.org/fhir/CodeSystem/task-code',
  taskBusinessStatus: 'https://example.org/fhir/CodeSystem/target-referral-status',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  consentCategory: 'http://loinc.org',
  consentAction: 'http://terminology.hl7.org/CodeSystem/consentaction',
  consentPolicy: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  communicationCategory: 'http://terminology.hl7.org/CodeSystem/communication-category',
  participationMode: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode',
  appointmentType: 'http://terminology.hl7.org/CodeSystem/v2-0276',
  questionnaireBase: 'https://example.org/fhir/Questionnaire',
} as const;

/** A literal reference, assignable to any `Reference<T>`. */
export interface Ref {
  reference: string;
}

export function ref(type: string, id: string): Ref {
  return { reference: `${type}/${id}` };
}
