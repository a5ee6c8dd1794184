Instance: TargetReferralRequestExample
InstanceOf: TargetReferralRequest
Usage: #example
Title: "Referral of the test patient to welfare"
Description: "Referral to the test partner's Welzijn op recept, sent with the patient's consent; marked as test data."
* id = "target-referral-request-example"
* insert TargetTestData
* extension[consent].valueReference = Reference(TargetSharingConsentExample)
* basedOn = Reference(TargetHealthPlanExample)
* status = #active
* intent = #order
* category = TargetPartnerCategoryCodeSystem#social-welfare "Welzijn"
* subject = Reference(TargetPatientExample)
* encounter = Reference(TargetOtherConversationEncounterExample)
* authoredOn = "2025-02-03"
* requester = Reference(TargetPractitionerRoleExample)
* performer = Reference(TargetPartnerServiceExample)
* reasonCode.text = "Weinig sociale contacten; wil weer meedoen."
* reasonReference = Reference(TargetPositiveHealthParticipationExample)
* supportingInfo[0] = Reference(TargetCareGoalExample)
* supportingInfo[+] = Reference(TargetLifeGoalExample)
