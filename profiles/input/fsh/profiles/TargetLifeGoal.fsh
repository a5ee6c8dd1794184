Profile: TargetLifeGoal
Parent: Goal
Id: target-life-goal
Title: "TARGET Life Goal"
Description: "A life goal of the patient from the other conversation: what makes them happy, what a good day looks like. Concrete care goals (TargetCareGoal) serve it."
* insert TargetConformanceMetadata
* insert TargetTreatmentObjectiveEssentials
* insert TargetCodedSlice(category, lifeGoal, TargetConceptCodeSystem#life-goal)
* category ^short = "Life goal"
* category ^definition = "Marks the Goal as a life goal."
* category[lifeGoal] ^short = "Life goal"
* category[lifeGoal] ^definition = "Fixed: this is a life goal."
* expressedBy 1..1 MS
* expressedBy only Reference(TargetPatient or RelatedPerson)
* expressedBy ^short = "The patient (or a relative speaking for them)"
* expressedBy ^definition = "A life goal is the patient's own; a relative may voice it for them."
