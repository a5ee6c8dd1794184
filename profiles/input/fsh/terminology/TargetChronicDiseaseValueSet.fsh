ValueSet: TargetChronicDiseaseValueSet
Id: target-chronic-disease
Title: "TARGET Chronic Disease Value Set"
Description: "The 28 chronic diseases of TargetChronicDiseaseCodeSystem, as a practice names one (the disease a code it adds in its settings counts for)."
* insert TargetValueSetDefaults
* include codes from system TargetChronicDiseaseCodeSystem
