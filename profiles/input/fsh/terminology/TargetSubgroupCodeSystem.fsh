CodeSystem: TargetSubgroupCodeSystem
Id: target-subgroup
Title: "TARGET Subgroup Code System"
Description: """
The four subgroups of high-need high-cost patients found by latent class analysis (Smeets et al., PLoS One
2020; share of 12,602 patients in brackets), plus `unclassified`. TARGET software assigns them with a
rule-based approximation (age, household, income source), never with the published model: always label the
result an approximation.
"""
* insert TargetCodeSystemDefaults
* #older-with-partner "Ouderen, samenwonend met partner" "Subgroup 1: older adults living with a partner (39.3%)."
* #older-alone "Ouderen, alleenwonend" "Subgroup 2: older adults living alone (25.5%)."
* #middle-aged-employed "Middelbare leeftijd, werkend, met gezin" "Subgroup 3: middle-aged employed adults with a family (23.3%)."
* #middle-aged-welfare "Middelbare leeftijd, met uitkering" "Subgroup 4: middle-aged adults dependent on social welfare (11.9%)."
* #unclassified "Niet ingedeeld" "Not assigned to a subgroup because data needed by the rules is missing; the Observation names the missing data."
