Extension: TargetMemberSubgroup
Id: target-member-subgroup
Title: "TARGET Member Subgroup"
Description: "The subgroup of a selected patient, by TARGET's rule-based approximation."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(Group.member)
* value[x] 1..1
* value[x] only Coding
* value[x] from TargetSubgroupValueSet (required)
* value[x] ^short = "Subgroup (approximation) or unclassified"
* value[x] ^definition = "The patient's subgroup as in their TargetSubgroupObservation; always an approximation."
