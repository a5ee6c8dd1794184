Instance: TargetPracticeOrganizationExample
InstanceOf: TargetPracticeOrganization
Usage: #example
Title: "Huisartsenpraktijk Voorbeeldstad (test)"
Description: "Test GP practice with a made-up AGB code; marked as test data."
* id = "target-practice-organization-example"
* insert TargetTestData
* identifier[agb].value = "01999900"
* name = "Huisartsenpraktijk Voorbeeldstad"
* address.city = "Assen"
