Instance: TargetPositiveHealthQualityOfLifeExample
InstanceOf: TargetPositiveHealthDimensionObservation
Usage: #example
Title: "Positive Health: Kwaliteit van leven of the test patient"
Description: "Score 6 for Kwaliteit van leven, derived from the test patient's answers; marked as test data."
* id = "target-positive-health-quality-of-life-example"
* insert TargetTestData
* status = #final
* code = TargetPositiveHealthDimensionCodeSystem#quality-of-life "Kwaliteit van leven"
* subject = Reference(TargetPatientExample)
* effectiveDateTime = "2025-02-03T09:40:00+01:00"
* valueQuantity.value = 6
* valueQuantity.unit = "score"
* encounter = Reference(TargetOtherConversationEncounterExample)
* performer = Reference(TargetPatientExample)
* method = TargetObservationCodeSystem#self-assessment "Zelf ingevuld"
* derivedFrom = Reference(TargetPositiveHealthQuestionnaireResponseExample)
* component[wantToTalk].valueBoolean = false
