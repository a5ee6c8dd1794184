Instance: TargetHealthPlanExample
InstanceOf: TargetHealthPlan
Usage: #example
Title: "Health plan of the test patient"
Description: "Made in the other conversation: walking with the neighbour (own network) and a referral to welfare; marked as test data."
* id = "target-health-plan-example"
* insert TargetTestData
* extension[outcome].valueCodeableConcept = TargetConversationOutcomeCodeSystem#referral "Verwijzing"
* extension[followUp].valueDate = "2025-05-01"
* status = #active
* category[healthPlan] = TargetConceptCodeSystem#health-plan "Gezondheidsplan"
* title = "Mijn gezondheidsplan"
* subject = Reference(TargetPatientExample)
* encounter = Reference(TargetOtherConversationEncounterExample)
* period.start = "2025-02-03"
* period.end = "2025-05-01"
* created = "2025-02-03"
* author = Reference(TargetPatientExample)
* contributor[0] = Reference(TargetPatientExample)
* contributor[+] = Reference(TargetPractitionerRoleExample)
* goal[0] = Reference(TargetLifeGoalExample)
* goal[+] = Reference(TargetCareGoalExample)
* activity[0].detail.extension[performerType].valueCodeableConcept = TargetActivityPerformerCodeSystem#own-network "Eigen netwerk"
* activity[=].detail.extension[barrier][0].valueCodeableConcept = TargetBarrierCodeSystem#health "Gezondheid"
* activity[=].detail.extension[barrier][=].valueCodeableConcept.text = "Kortademig bij lange afstanden."
* activity[=].detail.extension[barrier][+].valueCodeableConcept.text = "De buurvrouw werkt op woensdag."
* activity[=].detail.extension[followUp].valueDate = "2025-03-15"
* activity[=].detail.status = #in-progress
* activity[=].detail.description = "Dinsdag en vrijdag een half uur wandelen met de buurvrouw."
* activity[=].detail.performer[0] = Reference(TargetPatientExample)
* activity[=].detail.performer[+].display = "Buurvrouw"
* activity[=].detail.location.display = "In de buurt, rondje park"
* activity[=].detail.goal = Reference(TargetCareGoalExample)
* activity[+].reference = Reference(TargetReferralRequestExample)
* activity[+].reference = Reference(TargetDraftReferralRequestExample)
