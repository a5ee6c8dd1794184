Instance: TargetFollowUpTaskExample
InstanceOf: TargetFollowUpTask
Usage: #example
Title: "Follow-up of the test patient's health plan"
Description: "Agreed in the other conversation: look at the walking goal and the referral together again before 1 May 2025; marked as test data."
* id = "target-follow-up-task-example"
* insert TargetTestData
* status = #requested
* intent = #plan
* code = TargetConceptCodeSystem#follow-up "Vervolgafspraak"
* description = "Samen kijken hoe het wandelen gaat en of welzijn contact heeft opgenomen."
* focus = Reference(TargetHealthPlanExample)
* for = Reference(TargetPatientExample)
* encounter = Reference(TargetOtherConversationEncounterExample)
* authoredOn = "2025-02-03T10:45:00+01:00"
* requester = Reference(TargetPractitionerRoleExample)
* owner = Reference(TargetPracticeOrganizationExample)
* restriction.period.end = "2025-05-01"
