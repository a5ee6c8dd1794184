Instance: TargetPartnerServiceExample
InstanceOf: TargetPartnerService
Usage: #example
Title: "Welzijn op recept (test)"
Description: "Test welfare service of the test partner; marked as test data."
* id = "target-partner-service-example"
* insert TargetTestData
* active = true
* providedBy = Reference(TargetPartnerOrganizationExample)
* category = TargetPartnerCategoryCodeSystem#social-welfare "Welzijn"
* name = "Welzijn op recept"
* endpoint = Reference(TargetPartnerEndpointExample)
