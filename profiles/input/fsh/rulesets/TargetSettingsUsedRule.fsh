// The practice settings a computed Observation or Group was made with.
RuleSet: TargetSettingsUsedRule
* extension contains TargetSettingsUsed named settingsUsed 1..1
* extension[settingsUsed] ^short = "Practice settings (version-specific reference) used"
* extension[settingsUsed] ^definition = "The version of the practice settings this result was computed with, so a result can always be explained and reproduced after the settings change."
