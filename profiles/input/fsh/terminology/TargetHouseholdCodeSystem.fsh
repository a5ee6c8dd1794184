CodeSystem: TargetHouseholdCodeSystem
Id: target-household
Title: "TARGET Household Code System"
Description: """
How a patient lives (woonsituatie), recorded as the value of a social-history Observation with code
TargetObservationCodeSystem#household. The subgroup rules read it (assumption: household position stands in
for the published latent classes); without it they fall back to Patient.maritalStatus.
"""
* insert TargetCodeSystemDefaults
* #alone "Alleenwonend" "Lives alone."
* #with-partner "Samenwonend met partner" "Lives with a partner, without children at home."
* #with-family "Met partner en/of kinderen" "Lives with a partner and children, or with other family."
