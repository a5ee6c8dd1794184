Extension: TargetMemberCareBurdenScore
Id: target-member-care-burden-score
Title: "TARGET Member Care Burden Score"
Description: "The care burden score of a selected patient at the selection's reference date."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(Group.member)
* value[x] 1..1
* value[x] only decimal
* value[x] ^short = "Care burden score (zero or more)"
* value[x] ^definition = "The weighted sum of the patient's GP contacts, as in their TargetCareBurdenObservation."
