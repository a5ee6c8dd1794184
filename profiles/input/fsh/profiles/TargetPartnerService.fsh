Profile: TargetPartnerService
Parent: HealthcareService
Id: target-partner-service
Title: "TARGET Partner Service"
Description: "A service of a partner in the practice's network, with its partner category: what a referral is sent to."
* insert TargetConformanceMetadata
* providedBy 1..1 MS
* providedBy only Reference(TargetPartnerOrganization)
* providedBy ^short = "The partner offering the service"
* providedBy ^definition = "The partner organisation that offers this service."
* category 1..* MS
* category from TargetPartnerCategoryValueSet (required)
* category ^short = "Partner category"
* category ^definition = "The kind of partner (mental health, social welfare, debt counselling, …) from TARGET's default categories."
* name 1..1 MS
* name ^short = "Name of the service"
* name ^definition = "The name of the service as the practice knows it."
* endpoint MS
* endpoint ^short = "FHIR endpoint for referrals"
* endpoint ^definition = "Where this service receives referral Tasks (rest-hook Subscription or the partner's own FHIR server)."
