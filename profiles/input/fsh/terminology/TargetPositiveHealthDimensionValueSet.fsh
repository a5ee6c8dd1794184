ValueSet: TargetPositiveHealthDimensionValueSet
Id: target-positive-health-dimension
Title: "TARGET Positive Health Dimension Value Set"
Description: "The six Positive Health dimensions."
* insert TargetValueSetDefaults
* include codes from system TargetPositiveHealthDimensionCodeSystem
