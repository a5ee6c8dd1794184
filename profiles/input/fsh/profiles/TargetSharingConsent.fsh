Profile: TargetSharingConsent
Parent: Consent
Id: target-sharing-consent
Title: "TARGET Sharing Consent"
Description: "The patient's consent (opt-in) that the practice shares the data of a referral with a partner in its network."
* insert TargetConformanceMetadata
* scope = $ConsentScope#patient-privacy
* scope ^short = "Privacy consent"
* scope ^definition = "Fixed: a consent about sharing information."
* insert TargetCodedSlice(category, patientConsent, $LOINC#59284-0 "Patient Consent")
* category ^short = "Patient consent"
* category ^definition = "A consent given by the patient."
* category[patientConsent] ^short = "Patient consent"
* category[patientConsent] ^definition = "Fixed: LOINC 59284-0, Patient Consent."
* patient 1..1 MS
* patient only Reference(TargetPatient)
* patient ^short = "The patient"
* patient ^definition = "The patient who consents."
* dateTime 1..1 MS
* dateTime ^short = "When consent was given"
* dateTime ^definition = "When the patient gave (or refused) consent."
* performer MS
* performer only Reference(TargetPatient or RelatedPerson)
* performer ^short = "Who consented"
* performer ^definition = "The patient, or their legal representative."
* organization 1..* MS
* organization only Reference(TargetPracticeOrganization)
* organization ^short = "The practice that shares"
* organization ^definition = "The practice that holds the data and shares it."
* policyRule 1..1
* policyRule = $ActCode#OPTIN "opt-in"
* policyRule ^short = "Opt-in"
* policyRule ^definition = "Fixed: nothing is shared unless the patient opts in."
* provision 1..1 MS
* provision ^short = "What may be shared with whom"
* provision ^definition = "Permits sharing with the partner named in actor."
* provision.type 1..1
* provision.type ^short = "permit (or deny)"
* provision.type ^definition = "Whether the patient permits the sharing."
* provision.period MS
* provision.period ^short = "How long the consent is valid"
* provision.period ^definition = "The period in which the practice may share."
* provision.actor 1..* MS
* provision.actor ^short = "The partner that receives the data"
* provision.actor ^definition = "The partner organisation that receives the data (R4 Consent actors cannot be a HealthcareService)."
* provision.actor.role = $ParticipationType#IRCP "information recipient"
* provision.actor.role ^short = "Information recipient"
* provision.actor.role ^definition = "Fixed: the actor receives the data."
* provision.actor.reference only Reference(TargetPartnerOrganization)
* provision.actor.reference ^short = "The partner organisation"
* provision.actor.reference ^definition = "The partner organisation that receives the data (R4 Consent actors cannot be a HealthcareService)."
* provision.data MS
* provision.data ^short = "The referral that may be shared"
* provision.data ^definition = "The TargetReferralRequest (and what it refers to) that may be shared."
