Extension: TargetFollowUpDate
Id: target-follow-up-date
Title: "TARGET Follow-up Date"
Description: "The date the plan or an action is looked at again with the patient."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(CarePlan)
* insert TargetExtensionContext(CarePlan.activity.detail)
* value[x] 1..1
* value[x] only date
* value[x] ^short = "Follow-up date"
* value[x] ^definition = "When the practice and the patient evaluate the plan or action together."
