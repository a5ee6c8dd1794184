Instance: TargetSelectionOperation
InstanceOf: OperationDefinition
Usage: #definition
Title: "TARGET Selectie van een praktijk (selection of a practice)"
Description: """
Group/$target-selection: the TARGET selection of one practice, or of every TARGET practice, on a reference
date. Computes every listed patient and writes one selection Group (TargetSelectionGroup) per practice plus
one care burden Observation (TargetCareBurdenObservation) per chronically ill patient, and a subgroup
Observation per high-need high-cost patient; a re-run for the same practice and date updates the same
resources. With `Prefer: respond-async` the run is a job (202 and a status URL, R4 async pattern).
"""
* id = "Group-target-selection"
* name = "TargetSelectionOperation"
* insert TargetOperationDefaults
* affectsState = true
* code = #target-selection
* resource = #Group
* system = false
* type = true
* instance = false
* insert TargetOperationParameter(practice, in, 0, 1, Reference)
* parameter[=].targetProfile = Canonical(TargetPracticeOrganization)
* parameter[=].documentation = "The practice Organization; every TARGET practice when absent (a practice user must name their own)."
* insert TargetOperationParameter(date, in, 0, 1, date)
* parameter[=].documentation = "Reference date (YYYY-MM-DD, years 1900–2200); default today (Europe/Amsterdam)."
* insert TargetOperationParameter(settings, in, 0, 1, Reference)
* parameter[=].targetProfile = Canonical(TargetPracticeSettings)
* parameter[=].documentation = "Basic (TargetPracticeSettings) to use instead of each practice's own."
* parameter[+].name = #selection
* parameter[=].use = #out
* parameter[=].min = 0
* parameter[=].max = "*"
* parameter[=].documentation = "The summary of one practice's selection."
* insert TargetOperationPart(practice, 1, 1, Reference)
* parameter[=].part[=].targetProfile = Canonical(TargetPracticeOrganization)
* parameter[=].part[=].documentation = "The practice Organization."
* insert TargetOperationPart(group, 0, 1, Reference)
* parameter[=].part[=].targetProfile = Canonical(TargetSelectionGroup)
* parameter[=].part[=].documentation = "The selection Group written for the practice and date; absent when no patient is listed with the practice (nothing is written, the outcome says why)."
* insert TargetOperationPart(settingsUsed, 0, 1, Reference)
* parameter[=].part[=].targetProfile = Canonical(TargetPracticeSettings)
* parameter[=].part[=].documentation = "The version of the practice settings used (Basic/[id]/_history/[version]); absent when no patient is listed with the practice."
* insert TargetOperationPart(listed, 1, 1, integer)
* parameter[=].part[=].documentation = "Patients listed with the practice on the reference date."
* insert TargetOperationPart(chronicallyIll, 1, 1, integer)
* parameter[=].part[=].documentation = "Listed patients with a qualifying chronic condition: the members of the Group."
* insert TargetOperationPart(category-high, 1, 1, integer)
* parameter[=].part[=].documentation = "Members in care burden category high."
* insert TargetOperationPart(category-medium, 1, 1, integer)
* parameter[=].part[=].documentation = "Members in care burden category medium."
* insert TargetOperationPart(category-low, 1, 1, integer)
* parameter[=].part[=].documentation = "Members in care burden category low."
* insert TargetOperationPart(category-new, 1, 1, integer)
* parameter[=].part[=].documentation = "Members in category new (a recent first chronic diagnosis, shown apart)."
* insert TargetOperationPart(hnhc, 1, 1, integer)
* parameter[=].part[=].documentation = "Members who meet the high-need high-cost rule."
* insert TargetOperationPart(subgroup-older-with-partner, 0, 1, integer)
* parameter[=].part[=].documentation = "High-need high-cost members in subgroup older-with-partner; absent when none."
* insert TargetOperationPart(subgroup-older-alone, 0, 1, integer)
* parameter[=].part[=].documentation = "High-need high-cost members in subgroup older-alone; absent when none."
* insert TargetOperationPart(subgroup-middle-aged-employed, 0, 1, integer)
* parameter[=].part[=].documentation = "High-need high-cost members in subgroup middle-aged-employed; absent when none."
* insert TargetOperationPart(subgroup-middle-aged-welfare, 0, 1, integer)
* parameter[=].part[=].documentation = "High-need high-cost members in subgroup middle-aged-welfare; absent when none."
* insert TargetOperationPart(subgroup-unclassified, 0, 1, integer)
* parameter[=].part[=].documentation = "High-need high-cost members not assigned a subgroup (data missing); absent when none."
* insert TargetOperationPart(mean, 0, 1, decimal)
* parameter[=].part[=].documentation = "Mean care burden of the practice's population (chronically ill, not new); absent when it is empty."
* insert TargetOperationPart(high, 0, 1, decimal)
* parameter[=].part[=].documentation = "Care burden at or above which the category is high; absent when the population is empty."
* insert TargetOperationPart(medium, 0, 1, decimal)
* parameter[=].part[=].documentation = "Care burden at or above which the category is medium; absent when the population is empty."
* insert TargetOperationPart(outcome, 0, 1, OperationOutcome)
* parameter[=].part[=].documentation = "What the result rests on, in words: severity warning when no chronically ill patient has a counted contact in the counting window (every care burden 0, data that end before it), naming the start of the latest counted contact of the practice's patients; when the configured terminology server did not answer (the selection ran on the starter map); information when no patient is listed with the practice (how many patients there are, how many are listed with any practice, and how to list them). Absent when there is nothing to say."
* insert TargetOperationParameter(outcome, out, 0, 1, OperationOutcome)
* parameter[=].documentation = "Why there is no selection at all: no Organization is a TARGET practice (how many patients there are and how to make a practice and list them). Absent when a practice was selected."
