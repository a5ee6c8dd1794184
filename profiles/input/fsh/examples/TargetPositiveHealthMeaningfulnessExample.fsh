Instance: TargetPositiveHealthMeaningfulnessExample
InstanceOf: TargetPositiveHealthDimensionObservation
Usage: #example
Title: "Positive Health: Zingeving of the test patient"
Description: "Score 7 for Zingeving, derived from the test patient's answers; marked as test data."
* id = "target-positive-health-meaningfulness-example"
* insert TargetTestData
* status = #final
* code = TargetPositiveHealthDimensionCodeSystem#meaningfulness "Zingeving"
* subject = Reference(TargetPatientExample)
* effectiveDateTime = "2025-02-03T09:40:00+01:00"
* valueQuantity.value = 7
* valueQuantity.unit = "score"
* encounter = Reference(TargetOtherConversationEncounterExample)
* performer = Reference(TargetPatientExample)
* method = TargetObservationCodeSystem#self-assessment "Zelf ingevuld"
* derivedFrom = Reference(TargetPositiveHealthQuestionnaireResponseExample)
* component[wantToTalk].valueBoolean = false
