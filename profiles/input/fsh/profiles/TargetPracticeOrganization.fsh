Profile: TargetPracticeOrganization
Parent: Organization
Id: target-practice-organization
Title: "TARGET Practice Organization"
Description: "A general practice taking part in TARGET, identified by its AGB code or, for a practice of another system, by that system's identifier."
* insert TargetConformanceMetadata
* obeys target-org-1
* . ^definition = "A general practice taking part in TARGET. What it needs: a name, the organisation type `prov` (healthcare provider) and at least one identifier with a system and a value (target-org-1). A Dutch practice is identified by its AGB code; an Organization imported from another system (e.g. one without an AGB code) keeps that system's identifier and becomes a TARGET practice by claiming this profile and type `prov` — no AGB code has to be invented."
* identifier 1..*
* insert TargetIdentifierSlicing(identifier)
* identifier ^short = "Identifiers of the practice"
* identifier ^definition = "Business identifiers of the practice: the AGB code where the practice has one, else at least one identifier of the system the practice's records come from (target-org-1)."
* identifier contains agb 0..1 MS
* identifier[agb] ^short = "AGB code of the practice"
* identifier[agb] ^definition = "The practice's AGB-Z code (Vektis), where it has one; a practice of another system may lack it."
* insert TargetIdentifierSlice(identifier, agb, $AGB, AGB code)
* insert TargetCodedSlice(type, provider, $OrganizationType#prov "Healthcare Provider")
* type ^short = "Healthcare provider"
* type ^definition = "A general practice is a healthcare provider."
* type[provider] ^short = "Healthcare provider"
* type[provider] ^definition = "Fixed: organisation type prov."
* name 1..1 MS
* name ^short = "Name of the practice"
* name ^definition = "The name the practice is known by."
