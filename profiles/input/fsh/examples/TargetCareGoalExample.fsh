Instance: TargetCareGoalExample
InstanceOf: TargetCareGoal
Usage: #example
Title: "Care goal of the test patient"
Description: "A concrete care goal serving the test patient's life goal, with a due date and GRROW notes; marked as test data."
* id = "target-care-goal-example"
* insert TargetTestData
* extension[servesLifeGoal].valueReference = Reference(TargetLifeGoalExample)
* extension[grrow].extension[reality].valueString = "Ik kom weinig buiten sinds mijn COPD erger werd en zie bijna niemand meer."
* extension[grrow].extension[resources].valueString = "Mijn buurvrouw wandelt graag; mijn dochter belt elke week."
* extension[grrow].extension[options].valueString = "Samen wandelen, een wandelgroep via welzijn, of de koorrepetitie eerst weer bezoeken."
* extension[grrow].extension[will].valueString = "Twee keer per week wandelen met de buurvrouw en kennismaken met welzijn."
* lifecycleStatus = #active
* achievementStatus = $GoalAchievement#in-progress "In Progress"
* category[careGoal] = TargetConceptCodeSystem#care-goal "Zorgdoel"
* description.text = "Twee keer per week een half uur wandelen."
* subject = Reference(TargetPatientExample)
* startDate = "2025-02-03"
* statusDate = "2025-02-03"
* target.dueDate = "2025-05-01"
* expressedBy = Reference(TargetPatientExample)
* addresses = Reference(TargetConditionCopdExample)
* note.text = "Begint met een kwartier; na twee weken een half uur."
