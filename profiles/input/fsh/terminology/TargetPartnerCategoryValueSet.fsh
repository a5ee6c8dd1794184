ValueSet: TargetPartnerCategoryValueSet
Id: target-partner-category
Title: "TARGET Partner Category Value Set"
Description: "All default partner categories."
* insert TargetValueSetDefaults
* include codes from system TargetPartnerCategoryCodeSystem
