Instance: TargetOtherConversationEncounterExample
InstanceOf: TargetOtherConversationEncounter
Usage: #example
Title: "Other conversation with the test patient"
Description: "A 45-minute other conversation at the practice; marked as test data."
* id = "target-other-conversation-encounter-example"
* insert TargetTestData
* status = #finished
* class = $ActCode#AMB "ambulatory"
* type[otherConversation] = TargetConceptCodeSystem#other-conversation "Het andere gesprek"
* subject = Reference(TargetPatientExample)
* participant.individual = Reference(TargetPractitionerExample)
* period.start = "2025-02-03T10:00:00+01:00"
* period.end = "2025-02-03T10:45:00+01:00"
* reasonReference = Reference(TargetCareBurdenObservationExample)
* serviceProvider = Reference(TargetPracticeOrganizationExample)
