ValueSet: TargetPracticeRoleValueSet
Id: target-practice-role
Title: "TARGET Practice Role Value Set"
Description: "Roles of workers in a general practice."
* insert TargetValueSetDefaults
* include codes from system TargetPracticeRoleCodeSystem
