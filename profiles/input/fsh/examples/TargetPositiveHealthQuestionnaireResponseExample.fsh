Instance: TargetPositiveHealthQuestionnaireResponseExample
InstanceOf: TargetPositiveHealthQuestionnaireResponse
Usage: #example
Title: "Positive Health answers of the test patient"
Description: "Answers the test patient gave to TargetPositiveHealthQuestionnaire version 1.0.0 before the other conversation; marked as test data."
* id = "target-positive-health-questionnaire-response-example"
* insert TargetTestData
* questionnaire = Canonical(TargetPositiveHealthQuestionnaire|1.0.0)
* status = #completed
* subject = Reference(TargetPatientExample)
* encounter = Reference(TargetOtherConversationEncounterExample)
* authored = "2025-02-03T09:40:00+01:00"
* author = Reference(TargetPatientExample)
* source = Reference(TargetPatientExample)
* insert TargetPositiveHealthAnswer(bodily-functions, Lichaamsfuncties, 5, false)
* insert TargetPositiveHealthAnswer(mental-wellbeing, Mentaal welbevinden, 6, false)
* insert TargetPositiveHealthAnswer(meaningfulness, Zingeving, 7, false)
* insert TargetPositiveHealthAnswer(quality-of-life, Kwaliteit van leven, 6, false)
* insert TargetPositiveHealthAnswer(participation, Meedoen, 4, true)
* insert TargetPositiveHealthAnswer(daily-functioning, Dagelijks functioneren, 5, false)
* item[+].linkId = "what-matters"
* item[=].answer.valueString = "Mijn kleinkinderen, en weer zingen in het koor."
* item[+].linkId = "good-day"
* item[=].answer.valueString = "Een dag waarop ik naar buiten ga en iemand spreek."
