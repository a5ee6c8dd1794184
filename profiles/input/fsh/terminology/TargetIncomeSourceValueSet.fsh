ValueSet: TargetIncomeSourceValueSet
Id: target-income-source
Title: "TARGET Income Source Value Set"
Description: "The patient's main source of income: work, benefit or pension."
* insert TargetValueSetDefaults
* include codes from system TargetIncomeSourceCodeSystem
