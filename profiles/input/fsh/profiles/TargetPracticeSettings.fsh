Profile: TargetPracticeSettings
Parent: Basic
Id: target-practice-settings
Title: "TARGET Practice Settings"
Description: """
The TARGET settings of one practice: contact weights, counting window, category thresholds, subgroup rules.
A Basic resource, not Parameters: the settings must be stored, versioned (results point to the version they
were computed with), searched by practice and attributed to an author; Parameters is an operation payload
without a RESTful endpoint of its own in R4.
"""
* insert TargetConformanceMetadata
* code = TargetConceptCodeSystem#practice-settings
* code ^short = "Practice settings"
* code ^definition = "Marks this Basic resource as TARGET practice settings."
* subject 1..1 MS
* subject only Reference(TargetPracticeOrganization)
* subject ^short = "The practice"
* subject ^definition = "The practice these settings belong to."
* created MS
* created ^short = "When these settings were made"
* created ^definition = "When this version of the settings was made."
* author MS
* author only Reference(TargetPractitioner or TargetPracticeOrganization)
* author ^short = "Who set them"
* author ^definition = "The practice worker (or the practice) who made this version of the settings."
* extension contains TargetSetting named setting 0..* MS
* extension[setting] ^short = "One setting"
* extension[setting] ^definition = "One setting (key and value); a key that is absent takes its default."
