Extension: TargetSettingsUsed
Id: target-settings-used
Title: "TARGET Settings Used"
Description: "The practice settings, as a version-specific reference (`Basic/{id}/_history/{version}`), that a TARGET result was computed with."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(Observation)
* insert TargetExtensionContext(Group)
* value[x] 1..1
* value[x] only Reference(TargetPracticeSettings)
* value[x] ^short = "Version-specific reference to the practice settings"
* value[x] ^definition = "Reference to the TargetPracticeSettings resource, including its version (`Basic/{id}/_history/{version}`), so the result can be explained after the settings change."
