Instance: TargetPositiveHealthDailyFunctioningExample
InstanceOf: TargetPositiveHealthDimensionObservation
Usage: #example
Title: "Positive Health: Dagelijks functioneren of the test patient"
Description: "Score 5 for Dagelijks functioneren, derived from the test patient's answers; marked as test data."
* id = "target-positive-health-daily-functioning-example"
* insert TargetTestData
* status = #final
* code = TargetPositiveHealthDimensionCodeSystem#daily-functioning "Dagelijks functioneren"
* subject = Reference(TargetPatientExample)
* effectiveDateTime = "2025-02-03T09:40:00+01:00"
* valueQuantity.value = 5
* valueQuantity.unit = "score"
* encounter = Reference(TargetOtherConversationEncounterExample)
* performer = Reference(TargetPatientExample)
* method = TargetObservationCodeSystem#self-assessment "Zelf ingevuld"
* derivedFrom = Reference(TargetPositiveHealthQuestionnaireResponseExample)
* component[wantToTalk].valueBoolean = false
