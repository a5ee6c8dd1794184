Profile: TargetCareGoal
Parent: Goal
Id: target-care-goal
Title: "TARGET Care Goal"
Description: "A concrete care goal agreed in the other conversation, serving one of the patient's life goals, with its GRROW parts."
* insert TargetConformanceMetadata
* insert TargetTreatmentObjectiveEssentials
* obeys target-goal-1
* extension contains TargetServesLifeGoal named servesLifeGoal 1..1 MS and TargetGrrow named grrow 0..1 MS
* extension[servesLifeGoal] ^short = "The life goal this care goal serves"
* extension[servesLifeGoal] ^definition = "Every care goal serves one life goal of the patient."
* extension[grrow] ^short = "GRROW: reality, resources, options, will"
* extension[grrow] ^definition = "The GRROW structure of the goal, in the patient's own words."
* insert TargetCodedSlice(category, careGoal, TargetConceptCodeSystem#care-goal)
* category ^short = "Care goal"
* category ^definition = "Marks the Goal as a care goal."
* category[careGoal] ^short = "Care goal"
* category[careGoal] ^definition = "Fixed: this is a care goal."
* expressedBy 1..1 MS
* expressedBy only Reference(TargetPatient or RelatedPerson or TargetPractitioner)
* expressedBy ^short = "Who voiced the goal"
* expressedBy ^definition = "Usually the patient; care goals are agreed together with the practice."
