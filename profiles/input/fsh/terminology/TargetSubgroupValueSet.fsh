ValueSet: TargetSubgroupValueSet
Id: target-subgroup
Title: "TARGET Subgroup Value Set"
Description: "The four subgroups and `unclassified`."
* insert TargetValueSetDefaults
* include codes from system TargetSubgroupCodeSystem
