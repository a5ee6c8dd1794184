Instance: TargetPositiveHealthPanelObservationExample
InstanceOf: TargetPositiveHealthPanelObservation
Usage: #example
Title: "Positive Health spider web of the test patient"
Description: "The six dimension scores of one conversation (all six answered); no total score. Marked as test data."
* id = "target-positive-health-panel-observation-example"
* insert TargetTestData
* status = #final
* subject = Reference(TargetPatientExample)
* encounter = Reference(TargetOtherConversationEncounterExample)
* effectiveDateTime = "2025-02-03T09:40:00+01:00"
* hasMember[0] = Reference(TargetPositiveHealthBodilyFunctionsExample)
* hasMember[+] = Reference(TargetPositiveHealthMentalWellbeingExample)
* hasMember[+] = Reference(TargetPositiveHealthMeaningfulnessExample)
* hasMember[+] = Reference(TargetPositiveHealthQualityOfLifeExample)
* hasMember[+] = Reference(TargetPositiveHealthParticipationExample)
* hasMember[+] = Reference(TargetPositiveHealthDailyFunctioningExample)
* derivedFrom = Reference(TargetPositiveHealthQuestionnaireResponseExample)
