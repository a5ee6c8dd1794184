Instance: TargetPractitionerExample
InstanceOf: TargetPractitioner
Usage: #example
Title: "Pieter van Dijk, GP (test)"
Description: "Test GP with a made-up AGB code; marked as test data."
* id = "target-practitioner-example"
* insert TargetTestData
* identifier[agb].value = "01999991"
* name.text = "P. van Dijk"
* name.family = "van Dijk"
* name.given = "Pieter"
* name.prefix = "dr."
