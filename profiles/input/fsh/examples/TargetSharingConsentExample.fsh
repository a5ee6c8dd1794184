Instance: TargetSharingConsentExample
InstanceOf: TargetSharingConsent
Usage: #example
Title: "Consent of the test patient to share the referral with welfare"
Description: "Opt-in to share the referral with the test partner for one year; marked as test data."
* id = "target-sharing-consent-example"
* insert TargetTestData
* status = #active
* patient = Reference(TargetPatientExample)
* dateTime = "2025-02-03T10:40:00+01:00"
* performer = Reference(TargetPatientExample)
* organization = Reference(TargetPracticeOrganizationExample)
* provision.type = #permit
* provision.period.start = "2025-02-03"
* provision.period.end = "2026-02-03"
* provision.actor.reference = Reference(TargetPartnerOrganizationExample)
* provision.data.meaning = #related
* provision.data.reference = Reference(TargetReferralRequestExample)
