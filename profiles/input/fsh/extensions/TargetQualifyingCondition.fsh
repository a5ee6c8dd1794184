Extension: TargetQualifyingCondition
Id: target-qualifying-condition
Title: "TARGET Qualifying Condition"
Description: """
A chronic Condition that made the patient count for the care burden (derived from). R4 Observation.derivedFrom
cannot refer to a Condition, hence this extension.
"""
* insert TargetConformanceMetadata
* insert TargetExtensionContext(Observation)
* value[x] 1..1
* value[x] only Reference(Condition)
* value[x] ^short = "A qualifying chronic Condition"
* value[x] ^definition = "An active, confirmed Condition whose code is on the practice's chronic-disease list."
