ValueSet: TargetActivityPerformerValueSet
Id: target-activity-performer
Title: "TARGET Activity Performer Value Set"
Description: "All kinds of performer of a health plan action."
* insert TargetValueSetDefaults
* include codes from system TargetActivityPerformerCodeSystem
