Instance: TargetDraftReferralRequestExample
InstanceOf: TargetReferralRequest
Usage: #example
Title: "Draft referral of the test patient to a dietitian"
Description: "Drafted in the other conversation and handed to the referral workflow: no partner chosen and no consent asked yet (target-ref-2 allows that for a draft). Marked as test data."
* id = "target-draft-referral-request-example"
* insert TargetTestData
* basedOn = Reference(TargetHealthPlanExample)
* status = #draft
* intent = #order
* category = TargetPartnerCategoryCodeSystem#dietitian "Diëtist"
* subject = Reference(TargetPatientExample)
* encounter = Reference(TargetOtherConversationEncounterExample)
* authoredOn = "2025-02-03"
* requester = Reference(TargetPractitionerRoleExample)
* reasonCode.text = "Wil afvallen om makkelijker te kunnen wandelen."
* supportingInfo = Reference(TargetCareGoalExample)
