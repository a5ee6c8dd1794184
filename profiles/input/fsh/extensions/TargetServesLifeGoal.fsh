Extension: TargetServesLifeGoal
Id: target-serves-life-goal
Title: "TARGET Serves Life Goal"
Description: "The life goal a care goal serves. R4 Goal has no element that points to another Goal's purpose, hence this extension."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(Goal)
* value[x] 1..1
* value[x] only Reference(TargetLifeGoal)
* value[x] ^short = "The life goal this care goal serves"
* value[x] ^definition = "Reference to the patient's life goal (TargetLifeGoal) that this concrete care goal works towards."
