Extension: TargetReferenceDate
Id: target-reference-date
Title: "TARGET Reference Date"
Description: "The reference date of a selection: contacts are counted in the window before it, and a patient is `new` relative to it."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(Group)
* value[x] 1..1
* value[x] only date
* value[x] ^short = "Reference date"
* value[x] ^definition = "The date the selection was computed for."
