// Every TARGET CodeSystem: complete, case-sensitive, published with the common metadata.
RuleSet: TargetCodeSystemDefaults
* insert TargetConformanceMetadata
* ^caseSensitive = true
* ^content = #complete
* ^experimental = false
