Instance: TargetOtherConversationEncounterExample
InstanceOf: TargetOtherConversationEncounter
Usage: #example
Title: "Other conversation with the test patient"
Description: "A finished 45-minute first conversation at the practice with the Positive Health spider web, ending in a referral; held for version 1 of the care burden result. Marked as test data."
* id = "target-other-conversation-encounter-example"
* insert TargetTestData
* extension[sequence].valueCodeableConcept = TargetConversationSequenceCodeSystem#first "Eerste gesprek"
* extension[tool].valueCodeableConcept = TargetConversationToolCodeSystem#positive-health "Spinnenweb Positieve Gezondheid"
* extension[outcome].valueCodeableConcept = TargetConversationOutcomeCodeSystem#referral "Verwijzing"
* status = #finished
* class = $ActCode#AMB "ambulatory"
* type[otherConversation] = TargetConceptCodeSystem#other-conversation "Het andere gesprek"
* subject = Reference(TargetPatientExample)
* participant.individual = Reference(TargetPractitionerRoleExample)
* period.start = "2025-02-03T10:00:00+01:00"
* period.end = "2025-02-03T10:45:00+01:00"
* reasonReference.reference = "Observation/target-care-burden-observation-example/_history/1"
* serviceProvider = Reference(TargetPracticeOrganizationExample)
