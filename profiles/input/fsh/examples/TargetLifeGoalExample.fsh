Instance: TargetLifeGoalExample
InstanceOf: TargetLifeGoal
Usage: #example
Title: "Life goal of the test patient"
Description: "What matters to the test patient; marked as test data."
* id = "target-life-goal-example"
* insert TargetTestData
* lifecycleStatus = #active
* category[lifeGoal] = TargetConceptCodeSystem#life-goal "Levensdoel"
* priority = $GoalPriority#high-priority "High Priority"
* description.text = "Weer meedoen: zingen in het koor en mijn kleinkinderen vaker zien."
* subject = Reference(TargetPatientExample)
* startDate = "2025-02-03"
* expressedBy = Reference(TargetPatientExample)
* addresses = Reference(TargetPositiveHealthParticipationExample)
