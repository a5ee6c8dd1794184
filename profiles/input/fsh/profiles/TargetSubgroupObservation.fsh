Profile: TargetSubgroupObservation
Parent: Observation
Id: target-subgroup-observation
Title: "TARGET Subgroup Observation"
Description: """
The high-need high-cost subgroup of a patient (Smeets et al. 2020), or `unclassified`, with the reason. Always
an approximation: the rules on age, household and income source stand in for the published latent class
model, whose class probabilities are not available.
"""
* insert TargetConformanceMetadata
* obeys target-sg-1
* insert TargetSettingsUsedRule
* code = TargetObservationCodeSystem#subgroup
* code ^short = "Subgroup (approximation)"
* code ^definition = "Fixed: this is a subgroup assignment."
* insert TargetPatientSubject
* effective[x] 1..1
* effective[x] only dateTime
* effective[x] ^short = "Reference date"
* effective[x] ^definition = "The date the patient's data was assessed for."
* value[x] 1..1
* value[x] only CodeableConcept
* value[x] from TargetSubgroupValueSet (required)
* value[x] ^short = "Subgroup, or unclassified"
* value[x] ^definition = "One of the four subgroups, or `unclassified` when data the rules need is missing."
* method 1..1
* method = TargetConceptCodeSystem#subgroup-approximation
* method ^short = "Rule-based approximation"
* method ^definition = "Fixed: the result is a rule-based approximation of the published subgroups, and must be shown as such."
* derivedFrom MS
* derivedFrom ^short = "Social-history and employment Observations used"
* derivedFrom ^definition = "The Observations (household, employment status) the rules read."
* insert TargetSlicedByCode(component)
* component ^short = "Reason and missing data"
* component ^definition = "Why the rules gave this result, and which data was missing."
* component contains reason 1..1 MS and missingData 0..* MS
* insert TargetComponentCode(reason, TargetObservationCodeSystem#subgroup-reason)
* component[reason].value[x] 1..1
* component[reason].value[x] only string
* component[reason].value[x] ^short = "The reason"
* component[reason].value[x] ^definition = "The reason in plain words."
* component[reason] ^short = "Reason, in plain words"
* component[reason] ^definition = "For example: aged 72 (older from 65), lives with partner (social history)."
* insert TargetComponentCode(missingData, TargetObservationCodeSystem#missing-data)
* component[missingData].value[x] 1..1
* component[missingData].value[x] only string
* component[missingData].value[x] ^short = "birthDate | household | income-source"
* component[missingData].value[x] ^definition = "The name of the missing data."
* component[missingData] ^short = "A missing piece of data"
* component[missingData] ^definition = "The name of data the rules needed but did not find: birthDate, household or income-source."
