Profile: TargetPracticeOrganization
Parent: Organization
Id: target-practice-organization
Title: "TARGET Practice Organization"
Description: "A general practice taking part in TARGET, identified by its AGB code."
* insert TargetConformanceMetadata
* identifier 1..*
* insert TargetIdentifierSlicing(identifier)
* identifier ^short = "Identifiers of the practice"
* identifier ^definition = "Business identifiers of the practice; the `agb` slice is required."
* identifier contains agb 1..1 MS
* identifier[agb] ^short = "AGB code of the practice"
* identifier[agb] ^definition = "The practice's AGB-Z code (Vektis)."
* insert TargetIdentifierSlice(identifier, agb, $AGB, AGB code)
* insert TargetCodedSlice(type, provider, $OrganizationType#prov "Healthcare Provider")
* type ^short = "Healthcare provider"
* type ^definition = "A general practice is a healthcare provider."
* type[provider] ^short = "Healthcare provider"
* type[provider] ^definition = "Fixed: organisation type prov."
* name 1..1 MS
* name ^short = "Name of the practice"
* name ^definition = "The name the practice is known by."
