Instance: TargetPositiveHealthMentalWellbeingExample
InstanceOf: TargetPositiveHealthDimensionObservation
Usage: #example
Title: "Positive Health: Mentaal welbevinden of the test patient"
Description: "Score 6 for Mentaal welbevinden, derived from the test patient's answers; marked as test data."
* id = "target-positive-health-mental-wellbeing-example"
* insert TargetTestData
* status = #final
* code = TargetPositiveHealthDimensionCodeSystem#mental-wellbeing "Mentaal welbevinden"
* subject = Reference(TargetPatientExample)
* effectiveDateTime = "2025-02-03T09:40:00+01:00"
* valueQuantity.value = 6
* valueQuantity.unit = "score"
* encounter = Reference(TargetOtherConversationEncounterExample)
* performer = Reference(TargetPatientExample)
* method = TargetObservationCodeSystem#self-assessment "Zelf ingevuld"
* derivedFrom = Reference(TargetPositiveHealthQuestionnaireResponseExample)
* component[wantToTalk].valueBoolean = false
