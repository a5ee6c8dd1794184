Extension: TargetBarrier
Id: target-barrier
Title: "TARGET Barrier"
Description: "A barrier to an action of the health plan: a coded kind (for example the patient's resistance to a referral) and the barrier in plain words."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(CarePlan.activity.detail)
* value[x] 1..1
* value[x] only CodeableConcept
* value[x] from TargetBarrierValueSet (extensible)
* value[x] ^short = "The kind of barrier (coded) and/or the barrier in words"
* value[x] ^definition = "Something that may keep this action from happening, as discussed in the conversation: a code of TargetBarrierValueSet when one fits, and the text in the words used."
