Extension: TargetMemberHnhc
Id: target-member-hnhc
Title: "TARGET Member HNHC"
Description: "Whether a selected patient meets the high-need high-cost rule (Smeets et al. 2020)."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(Group.member)
* value[x] 1..1
* value[x] only boolean
* value[x] ^short = "High need, high cost"
* value[x] ^definition = "True when the patient is chronically ill and in the top 10% of care use, or multimorbid with above-average care use."
