Profile: TargetSelectionGroup
Parent: Group
Id: target-selection-group
Title: "TARGET Selection Group"
Description: "A selection of patients by care burden at a reference date, made with a version of the practice settings; each member carries their score, category, HNHC flag and subgroup."
* insert TargetConformanceMetadata
* obeys target-sel-2
* extension contains TargetReferenceDate named referenceDate 1..1 MS
* extension[referenceDate] ^short = "Reference date"
* extension[referenceDate] ^definition = "The date the selection was computed for."
* insert TargetSettingsUsedRule
* type = #person
* type ^short = "person"
* type ^definition = "Fixed: the members are patients."
* actual = true
* actual ^short = "true"
* actual ^definition = "Fixed: the members are named patients."
* code 1..1
* code = TargetConceptCodeSystem#selection
* code ^short = "TARGET selection"
* code ^definition = "Fixed: this Group is a TARGET selection."
* quantity MS
* quantity ^short = "Number of selected patients"
* quantity ^definition = "The number of selected patients; equal to the number of members."
* managingEntity 1..1 MS
* managingEntity only Reference(TargetPracticeOrganization)
* managingEntity ^short = "The practice"
* managingEntity ^definition = "The practice the selection belongs to."
* member MS
* member obeys target-sel-1
* member ^short = "A selected patient"
* member ^definition = "A selected patient with their care burden score, category, HNHC flag and subgroup."
* member.extension contains TargetMemberCareBurdenScore named score 1..1 MS and TargetMemberCareBurdenCategory named category 1..1 MS and TargetMemberHnhc named hnhc 1..1 MS and TargetMemberSubgroup named subgroup 0..1 MS
* member.extension[score] ^short = "Care burden score"
* member.extension[score] ^definition = "The patient's care burden score."
* member.extension[category] ^short = "Care burden category"
* member.extension[category] ^definition = "low, medium, high or new."
* member.extension[hnhc] ^short = "High need, high cost"
* member.extension[hnhc] ^definition = "Whether the patient meets the HNHC rule."
* member.extension[subgroup] ^short = "Subgroup (approximation)"
* member.extension[subgroup] ^definition = "The patient's subgroup, when assigned."
* member.entity only Reference(TargetPatient)
* member.entity ^short = "The patient"
* member.entity ^definition = "The selected patient."
