Instance: TargetLifeGoalExample
InstanceOf: TargetLifeGoal
Usage: #example
Title: "Life goal of the test patient"
Description: "What matters to the test patient, about the Positive Health dimension she wants to talk about; marked as test data."
* id = "target-life-goal-example"
* insert TargetTestData
* lifecycleStatus = #active
* achievementStatus = $GoalAchievement#in-progress "In Progress"
* category[lifeGoal] = TargetConceptCodeSystem#life-goal "Levensdoel"
* description.text = "Weer meedoen: zingen in het koor en mijn kleinkinderen vaker zien."
* subject = Reference(TargetPatientExample)
* startDate = "2025-02-03"
* statusDate = "2025-02-03"
* expressedBy = Reference(TargetPatientExample)
* addresses = Reference(TargetPositiveHealthParticipationExample)
* note.text = "Zingen deed ze veertig jaar; sinds de COPD erger werd durft ze niet meer."
