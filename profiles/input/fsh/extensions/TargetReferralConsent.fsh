Extension: TargetReferralConsent
Id: target-referral-consent
Title: "TARGET Referral Consent"
Description: "The patient's consent to share the data of this referral with the partner. R4 ServiceRequest has no consent element, hence this extension."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(ServiceRequest)
* value[x] 1..1
* value[x] only Reference(TargetSharingConsent)
* value[x] ^short = "Consent to share with the partner"
* value[x] ^definition = "The Consent that permits sharing the referral and its supporting information with the performer."
