Extension: TargetBarrier
Id: target-barrier
Title: "TARGET Barrier"
Description: "A barrier to an action of the health plan, in plain words (for example the patient's resistance to a referral)."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(CarePlan.activity.detail)
* value[x] 1..1
* value[x] only string
* value[x] ^short = "A barrier to this action"
* value[x] ^definition = "Something that may keep this action from happening, as discussed in the conversation."
