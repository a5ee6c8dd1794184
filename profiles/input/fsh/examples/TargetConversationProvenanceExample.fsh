Instance: TargetConversationProvenanceExample
InstanceOf: TargetConversationProvenance
Usage: #example
Title: "Record of the test patient's other conversation"
Description: "The GP recorded the finished conversation for the practice, from the Positive Health answers the patient gave beforehand; marked as test data."
* id = "target-conversation-provenance-example"
* insert TargetTestData
* extension[0].url = $ProvenancePatient
* extension[0].valueReference = Reference(TargetPatientExample)
* target[0] = Reference(TargetOtherConversationEncounterExample)
* target[+] = Reference(TargetPositiveHealthQuestionnaireResponseExample)
* target[+] = Reference(TargetLifeGoalExample)
* target[+] = Reference(TargetCareGoalExample)
* target[+] = Reference(TargetHealthPlanExample)
* target[+] = Reference(TargetReferralRequestExample)
* target[+] = Reference(TargetDraftReferralRequestExample)
* target[+] = Reference(TargetFollowUpTaskExample)
* occurredPeriod.start = "2025-02-03T10:00:00+01:00"
* occurredPeriod.end = "2025-02-03T10:45:00+01:00"
* recorded = "2025-02-03T10:47:12+01:00"
* activity = $DataOperation#CREATE "create"
* agent[author].type = $ProvenanceParticipantType#author "Author"
* agent[author].who = Reference(TargetPractitionerRoleExample)
* agent[author].onBehalfOf = Reference(TargetPracticeOrganizationExample)
* entity.role = #source
* entity.what = Reference(TargetPositiveHealthQuestionnaireResponseExample)
* entity.agent.who = Reference(TargetPatientExample)
