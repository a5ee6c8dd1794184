Extension: TargetMemberCareBurdenCategory
Id: target-member-care-burden-category
Title: "TARGET Member Care Burden Category"
Description: "The care burden category of a selected patient."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(Group.member)
* value[x] 1..1
* value[x] only Coding
* value[x] from TargetCareBurdenCategoryValueSet (required)
* value[x] ^short = "low | medium | high | new"
* value[x] ^definition = "The patient's care burden category within the practice's chronic population."
