Extension: TargetActivityPerformerType
Id: target-activity-performer-type
Title: "TARGET Activity Performer Type"
Description: "Who carries out an action of the health plan: the patient, their own network, the practice or a partner."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(CarePlan.activity.detail)
* value[x] 1..1
* value[x] only CodeableConcept
* value[x] from TargetActivityPerformerValueSet (required)
* value[x] ^short = "patient | own-network | practice | partner"
* value[x] ^definition = "The kind of performer of this action; the performer element names them."
