// The elements MedMij collects for a Goal with nl-core-TreatmentObjective (identifier, priority,
// description.text, subject, startDate, target, expressedBy, addresses), shared by both TARGET Goal profiles.
RuleSet: TargetTreatmentObjectiveEssentials
* identifier MS
* identifier ^short = "Identifier of the goal"
* identifier ^definition = "Business identifier, as nl-core-TreatmentObjective exchanges it."
* priority MS
* priority ^short = "Priority for the patient"
* priority ^definition = "How important the goal is to the patient."
* description.text 1..1 MS
* description.text ^short = "The goal in the patient's words"
* description.text ^definition = "The goal as the patient phrased it; TARGET goals are free text first."
* insert TargetPatientSubject
* start[x] only date
* startDate MS
* startDate ^short = "When work on the goal starts"
* startDate ^definition = "The date the goal was set."
* target MS
* target ^short = "How and when the goal counts as reached"
* target ^definition = "A measurable target and due date, when the patient wants one."
* addresses MS
* addresses ^short = "What the goal is about"
* addresses ^definition = "Conditions or Observations (such as a Positive Health dimension score) the goal addresses."
