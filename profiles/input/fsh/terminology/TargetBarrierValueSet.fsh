ValueSet: TargetBarrierValueSet
Id: target-barrier
Title: "TARGET Barrier Value Set"
Description: "The default kinds of barrier to an action of the health plan."
* insert TargetValueSetDefaults
* include codes from system TargetBarrierCodeSystem
