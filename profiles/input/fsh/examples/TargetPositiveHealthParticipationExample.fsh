Instance: TargetPositiveHealthParticipationExample
InstanceOf: TargetPositiveHealthDimensionObservation
Usage: #example
Title: "Positive Health: Meedoen of the test patient"
Description: "Score 4 for Meedoen, derived from the test patient's answers; marked as test data."
* id = "target-positive-health-participation-example"
* insert TargetTestData
* status = #final
* code = TargetPositiveHealthDimensionCodeSystem#participation "Meedoen"
* subject = Reference(TargetPatientExample)
* effectiveDateTime = "2025-02-03T09:40:00+01:00"
* valueQuantity.value = 4
* valueQuantity.unit = "score"
* encounter = Reference(TargetOtherConversationEncounterExample)
* performer = Reference(TargetPatientExample)
* method = TargetObservationCodeSystem#self-assessment "Zelf ingevuld"
* derivedFrom = Reference(TargetPositiveHealthQuestionnaireResponseExample)
* component[wantToTalk].valueBoolean = true
