Profile: TargetCareGoal
Parent: Goal
Id: target-care-goal
Title: "TARGET Care Goal"
Description: "A concrete care goal agreed in the other conversation, serving one of the patient's life goals, with a due date and, optionally, GRROW notes (our adaptation of a team-goal method)."
* insert TargetConformanceMetadata
* insert TargetTreatmentObjectiveEssentials
* obeys target-goal-1
* extension contains TargetServesLifeGoal named servesLifeGoal 1..1 MS and TargetGrrow named grrow 0..1 MS
* extension[servesLifeGoal] ^short = "The life goal this care goal serves"
* extension[servesLifeGoal] ^definition = "Every care goal serves one life goal of the patient."
* extension[grrow] ^short = "Optional GRROW notes (our adaptation of a team method)"
* extension[grrow] ^definition = "Reality, resources, options and will of the goal, in the patient's own words. GRROW is a method for teams setting project goals; using it for a patient's care goal is TARGET's own adaptation, and it is optional."
* insert TargetCodedSlice(category, careGoal, TargetConceptCodeSystem#care-goal)
* category ^short = "Care goal"
* category ^definition = "Marks the Goal as a care goal."
* category[careGoal] ^short = "Care goal"
* category[careGoal] ^definition = "Fixed: this is a care goal."
* expressedBy 1..1 MS
* expressedBy only Reference(TargetPatient or RelatedPerson or TargetPractitioner or PractitionerRole)
* expressedBy ^short = "Who voiced the goal"
* expressedBy ^definition = "Usually the patient; care goals are agreed together with the practice."
* target.due[x] only date
* target.due[x] MS
* target.due[x] ^short = "When the patient wants to have reached the goal"
* target.due[x] ^definition = "The due date of the care goal, as agreed in the conversation."
