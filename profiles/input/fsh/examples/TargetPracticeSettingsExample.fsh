Instance: TargetPracticeSettingsExample
InstanceOf: TargetPracticeSettings
Usage: #example
Title: "TARGET settings of the test practice (all defaults)"
Description: "Practice settings holding every default of the domain description; marked as test data."
* id = "target-practice-settings-example"
* insert TargetTestData
* subject = Reference(TargetPracticeOrganizationExample)
* created = "2025-01-01"
* author = Reference(TargetPractitionerExample)
* insert TargetContactWeightSetting(consult-short, 0.5)
* insert TargetContactWeightSetting(consult, 1.0)
* insert TargetContactWeightSetting(consult-long, 2.0)
* insert TargetContactWeightSetting(visit, 1.5)
* insert TargetContactWeightSetting(visit-long, 2.5)
* insert TargetContactWeightSetting(phone, 0.5)
* insert TargetContactWeightSetting(e-consult, 0.5)
* extension[setting][+].extension[key].valueCoding = TargetSettingCodeSystem#count-practice-nurse
* extension[setting][=].extension[value].valueBoolean = true
* extension[setting][+].extension[key].valueCoding = TargetSettingCodeSystem#count-unattributed-encounters
* extension[setting][=].extension[value].valueBoolean = true
* extension[setting][+].extension[key].valueCoding = TargetSettingCodeSystem#counting-period-days
* extension[setting][=].extension[value].valueInteger = 365
* extension[setting][+].extension[key].valueCoding = TargetSettingCodeSystem#chronic-disease-valueset
* extension[setting][=].extension[value].valueCanonical = Canonical(TargetChronicDiseaseIcpcValueSet)
* extension[setting][+].extension[key].valueCoding = TargetSettingCodeSystem#category-method
* extension[setting][=].extension[value].valueCode = #percentile
* extension[setting][+].extension[key].valueCoding = TargetSettingCodeSystem#high-percentile
* extension[setting][=].extension[value].valueDecimal = 90
* extension[setting][+].extension[key].valueCoding = TargetSettingCodeSystem#new-patient-days
* extension[setting][=].extension[value].valueInteger = 365
* extension[setting][+].extension[key].valueCoding = TargetSettingCodeSystem#older-age-years
* extension[setting][=].extension[value].valueInteger = 65
