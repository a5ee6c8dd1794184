// What zib TreatmentObjective (nl-core-TreatmentObjective) holds for a Goal: identifier, description.text,
// subject, startDate, target (measure, detail, dueDate), addresses (at most one problem) and note; plus
// the statuses of a goal's life (lifecycleStatus, achievementStatus, statusDate) that TARGET's evaluation
// counts. `priority` is not must-support: the zib has none (only a MedMij dental draft adds it).
// Shared by both TARGET Goal profiles.
RuleSet: TargetTreatmentObjectiveEssentials
* identifier MS
* identifier ^short = "Identifier of the goal"
* identifier ^definition = "Business identifier, as nl-core-TreatmentObjective exchanges it."
* lifecycleStatus MS
* lifecycleStatus ^short = "proposed (a draft) | active | completed | cancelled …"
* lifecycleStatus ^definition = "`proposed` while the conversation is a draft, `active` once it is finished; a revised goal keeps its history in the Goal's versions."
* achievementStatus MS
* achievementStatus ^short = "in-progress | improving | achieved | not-achieved …"
* achievementStatus ^definition = "How far the goal is reached (R4 goal-achievement); `in-progress` when it is set, evaluated in follow-up conversations."
* statusDate MS
* statusDate ^short = "When the status last changed"
* statusDate ^definition = "The date the lifecycle or achievement status was last set."
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
* addresses 0..1 MS
* addresses ^short = "What the goal is about (at most one)"
* addresses ^definition = "The one problem the goal addresses, as zib TreatmentObjective holds it: a Condition, or an Observation such as a Positive Health dimension score."
* note MS
* note ^short = "Notes on the goal"
* note ^definition = "Remarks on the goal, as zib TreatmentObjective's comment."
