Instance: TargetPractitionerRoleExample
InstanceOf: PractitionerRole
Usage: #example
Title: "Pieter van Dijk as GP of the test practice"
Description: "The test GP's role at the test practice: the other conversation and its record name the practice worker in this role; marked as test data."
* id = "target-practitioner-role-example"
* insert TargetTestData
* active = true
* practitioner = Reference(TargetPractitionerExample)
* organization = Reference(TargetPracticeOrganizationExample)
* code = TargetPracticeRoleCodeSystem#gp "Huisarts"
