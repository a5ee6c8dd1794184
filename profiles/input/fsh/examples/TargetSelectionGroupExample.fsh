Instance: TargetSelectionGroupExample
InstanceOf: TargetSelectionGroup
Usage: #example
Title: "TARGET selection of the test practice on 2025-01-01"
Description: "A selection with the test patient as its one member; marked as test data."
* id = "target-selection-group-example"
* insert TargetTestData
* extension[referenceDate].valueDate = "2025-01-01"
* extension[settingsUsed].valueReference.reference = "Basic/target-practice-settings-example/_history/1"
* name = "TARGET-selectie 2025-01-01"
* quantity = 1
* managingEntity = Reference(TargetPracticeOrganizationExample)
* member[0].entity = Reference(TargetPatientExample)
* member[=].extension[score].valueDecimal = 16.5
* member[=].extension[category].valueCoding = TargetCareBurdenCategoryCodeSystem#high "Hoog"
* member[=].extension[hnhc].valueBoolean = true
* member[=].extension[subgroup].valueCoding = TargetSubgroupCodeSystem#older-with-partner "Ouderen, samenwonend met partner"
