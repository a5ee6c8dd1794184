ValueSet: TargetCareBurdenCategoryValueSet
Id: target-care-burden-category
Title: "TARGET Care Burden Category Value Set"
Description: "All care burden categories."
* insert TargetValueSetDefaults
* include codes from system TargetCareBurdenCategoryCodeSystem
