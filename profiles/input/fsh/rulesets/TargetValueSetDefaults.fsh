// Every TARGET ValueSet.
RuleSet: TargetValueSetDefaults
* insert TargetConformanceMetadata
* ^experimental = false
