Instance: TargetPositiveHealthBodilyFunctionsExample
InstanceOf: TargetPositiveHealthDimensionObservation
Usage: #example
Title: "Positive Health: Lichaamsfuncties of the test patient"
Description: "Score 5 for Lichaamsfuncties, derived from the test patient's answers; marked as test data."
* id = "target-positive-health-bodily-functions-example"
* insert TargetTestData
* status = #final
* code = TargetPositiveHealthDimensionCodeSystem#bodily-functions "Lichaamsfuncties"
* subject = Reference(TargetPatientExample)
* effectiveDateTime = "2025-02-03T09:40:00+01:00"
* valueQuantity.value = 5
* valueQuantity.unit = "score"
* encounter = Reference(TargetOtherConversationEncounterExample)
* performer = Reference(TargetPatientExample)
* method = TargetObservationCodeSystem#self-assessment "Zelf ingevuld"
* derivedFrom = Reference(TargetPositiveHealthQuestionnaireResponseExample)
* component[wantToTalk].valueBoolean = false
