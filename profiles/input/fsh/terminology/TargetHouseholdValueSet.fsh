ValueSet: TargetHouseholdValueSet
Id: target-household
Title: "TARGET Household Value Set"
Description: "How a patient lives: alone, with a partner, or with family."
* insert TargetValueSetDefaults
* include codes from system TargetHouseholdCodeSystem
