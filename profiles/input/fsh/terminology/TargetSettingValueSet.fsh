ValueSet: TargetSettingValueSet
Id: target-setting
Title: "TARGET Setting Value Set"
Description: "All keys of the TARGET practice settings."
* insert TargetValueSetDefaults
* include codes from system TargetSettingCodeSystem
