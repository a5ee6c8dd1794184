Profile: TargetCareBurdenObservation
Parent: Observation
Id: target-care-burden-observation
Title: "TARGET Care Burden Observation"
Description: """
The care burden (zorgzwaarte) of a chronically ill patient: the weighted sum of their GP contacts in the
counted window, with the count and weighted sum per contact type, the category within the practice, the
high-need high-cost flag, the number of qualifying chronic diseases, the Conditions that qualified and the
practice settings used.
"""
* insert TargetConformanceMetadata
* obeys target-cb-2 and target-cb-3
* extension contains TargetQualifyingCondition named qualifyingCondition 1..* MS
* extension[qualifyingCondition] ^short = "Qualifying chronic Conditions (derived from)"
* extension[qualifyingCondition] ^definition = "The active, confirmed chronic Conditions that made the patient count; R4 derivedFrom cannot hold Conditions."
* insert TargetSettingsUsedRule
* status ^short = "final | amended | entered-in-error (computed results)"
* status ^definition = "Status of the computed result; a recomputation with other settings is a new Observation."
* code = TargetObservationCodeSystem#care-burden
* code ^short = "Care burden"
* code ^definition = "Fixed: this is a care burden score."
* insert TargetPatientSubject
* effective[x] 1..1
* effective[x] only Period
* effective[x] ^short = "The counted window"
* effective[x] ^definition = "The window whose contacts were counted: by default the 365 days before the reference date (setting)."
* effectivePeriod.start 1..1
* effectivePeriod.start ^short = "First day counted"
* effectivePeriod.start ^definition = "The first day of the counted window."
* effectivePeriod.end 1..1
* effectivePeriod.end ^short = "Last day counted"
* effectivePeriod.end ^definition = "The last day of the counted window (the day before the reference date)."
* issued MS
* issued ^short = "When the score was computed"
* issued ^definition = "The moment the computation ran."
* value[x] 1..1
* value[x] only Quantity
* value[x] obeys target-cb-1
* value[x] ^short = "Care burden score (weighted contacts)"
* value[x] ^definition = "The weighted sum of the counted contacts, zero or more; unit {weighted-contacts}."
* insert TargetUcumQuantity(#{weighted-contacts})
* method 1..1
* method = TargetConceptCodeSystem#care-burden-method
* method ^short = "Weighted count of contacts"
* method ^definition = "Fixed: computed as the weighted count of GP contacts with the practice's contact weights."
* insert TargetSlicedByCode(component)
* component ^short = "Category, HNHC flag, number of chronic diseases, and one component per contact type"
* component ^definition = "Components with a fixed code come first; the others each hold one contact type's count, with its weighted sum in the TargetWeightedSum extension (not declared as a slice: @medplum/core cannot validate slicing below a sliced element, so target-cb-4 requires it)."
* component obeys target-cb-4
* component contains category 1..1 MS and hnhc 1..1 MS and chronicConditionCount 1..1 MS and contactType 0..* MS
* insert TargetComponentCode(category, TargetObservationCodeSystem#care-burden-category)
* component[category].value[x] 1..1
* component[category].value[x] only CodeableConcept
* component[category].value[x] from TargetCareBurdenCategoryValueSet (required)
* component[category].value[x] ^short = "low | medium | high | new"
* component[category].value[x] ^definition = "The category code."
* component[category] ^short = "Category: low | medium | high | new"
* component[category] ^definition = "The care burden category within the practice's chronic population."
* insert TargetComponentCode(hnhc, TargetObservationCodeSystem#hnhc)
* component[hnhc].value[x] 1..1
* component[hnhc].value[x] only boolean
* component[hnhc].value[x] ^short = "true when HNHC"
* component[hnhc].value[x] ^definition = "True when the patient meets the HNHC rule."
* component[hnhc] ^short = "High need, high cost"
* component[hnhc] ^definition = "Whether the patient meets the HNHC rule of Smeets et al. (2020)."
* insert TargetComponentCode(chronicConditionCount, TargetObservationCodeSystem#chronic-condition-count)
* component[chronicConditionCount].value[x] 1..1
* component[chronicConditionCount].value[x] only integer
* component[chronicConditionCount].value[x] ^short = "Number of diseases (one or more)"
* component[chronicConditionCount].value[x] ^definition = "The number of distinct qualifying chronic diseases."
* component[chronicConditionCount] ^short = "Number of qualifying chronic diseases"
* component[chronicConditionCount] ^definition = "How many distinct diseases of the chronic-disease list the patient has; one or more."
* component[contactType].code from TargetContactTypeValueSet (required)
* component[contactType].code ^short = "The contact type"
* component[contactType].code ^definition = "Which contact type this component counts."
* component[contactType].value[x] 1..1
* component[contactType].value[x] only integer
* component[contactType].value[x] ^short = "Number of contacts (zero or more)"
* component[contactType].value[x] ^definition = "How many contacts of this type were counted in the window."
* component[contactType] ^short = "Count of one contact type, with its weighted sum"
* component[contactType] ^definition = "The number of counted contacts of this type (value) and their weighted sum (extension TargetWeightedSum); a type without contacts may be left out."
