Instance: TargetCareBurdenOperation
InstanceOf: OperationDefinition
Usage: #definition
Title: "TARGET Zorgzwaarte van een patiënt (care burden of one patient)"
Description: """
Patient/[id]/$care-burden: the care burden of one patient on a reference date, computed from the patient's
FHIR record with the practice's cut-offs (computed over the practice's population). Returns whether the
patient is chronically ill and, if so, the care burden Observation (TargetCareBurdenObservation), for a
high-need high-cost patient the subgroup Observation (TargetSubgroupObservation), and the cut-offs used.
With persist=true the Observations are stored under the same ids the practice's selection uses.
"""
* id = "Patient-care-burden"
* name = "TargetCareBurdenOperation"
* insert TargetOperationDefaults
* affectsState = true
* code = #care-burden
* resource = #Patient
* system = false
* type = false
* instance = true
* insert TargetOperationParameter(date, in, 0, 1, date)
* parameter[=].documentation = "Reference date (YYYY-MM-DD, years 1900–2200); default today (Europe/Amsterdam)."
* insert TargetOperationParameter(practice, in, 0, 1, Reference)
* parameter[=].targetProfile = Canonical(TargetPracticeOrganization)
* parameter[=].documentation = "The practice Organization, when the patient is listed with several."
* insert TargetOperationParameter(settings, in, 0, 1, Reference)
* parameter[=].targetProfile = Canonical(TargetPracticeSettings)
* parameter[=].documentation = "Basic (TargetPracticeSettings) to use instead of the practice's own; not with persist=true."
* insert TargetOperationParameter(persist, in, 0, 1, boolean)
* parameter[=].documentation = "Store the results (default false): needs Observation create and update rights."
* insert TargetOperationParameter(chronicallyIll, out, 1, 1, boolean)
* parameter[=].documentation = "Whether the patient has a qualifying chronic condition on the reference date; the other out parameters are only there when true."
* insert TargetOperationParameter(careBurden, out, 0, 1, Observation)
* parameter[=].documentation = "The care burden Observation (TargetCareBurdenObservation): score, category and the contacts it was counted from."
* insert TargetOperationParameter(subgroup, out, 0, 1, Observation)
* parameter[=].documentation = "The subgroup Observation (TargetSubgroupObservation), for a high-need high-cost patient only."
* parameter[+].name = #cutoffs
* parameter[=].use = #out
* parameter[=].min = 0
* parameter[=].max = "1"
* parameter[=].documentation = "The practice's cut-offs the category was derived with."
* insert TargetOperationPart(population, 1, 1, integer)
* parameter[=].part[=].documentation = "Patients the cut-offs were computed over (chronically ill, not new)."
* insert TargetOperationPart(mean, 0, 1, decimal)
* parameter[=].part[=].documentation = "Mean care burden of that population; absent when the population is empty."
* insert TargetOperationPart(high, 0, 1, decimal)
* parameter[=].part[=].documentation = "Care burden at or above which the category is high; absent when it cannot be computed (an empty population)."
* insert TargetOperationPart(medium, 0, 1, decimal)
* parameter[=].part[=].documentation = "Care burden at or above which the category is medium; absent when it cannot be computed."
* insert TargetOperationPart(hnhcTop, 0, 1, decimal)
* parameter[=].part[=].documentation = "Care burden at the high-need high-cost percentile (P90); absent when the population is empty."
* insert TargetOperationParameter(outcome, out, 0, 1, OperationOutcome)
* parameter[=].documentation = "Warnings about the result, as for the practice selection: severity warning when no chronically ill patient of the practice has a counted contact in the counting window (every care burden 0), naming the start of the latest counted contact of its patients; when the configured terminology server did not answer (the chronic-disease codes are the starter map and the practice's own). Absent when there is nothing to warn about. A patient listed with no practice is a 422 whose text says how to list them."
