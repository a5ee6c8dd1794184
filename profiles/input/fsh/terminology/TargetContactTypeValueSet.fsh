ValueSet: TargetContactTypeValueSet
Id: target-contact-type
Title: "TARGET Contact Type Value Set"
Description: "All contact types counted in the care burden."
* insert TargetValueSetDefaults
* include codes from system TargetContactTypeCodeSystem
