Instance: TargetPartnerOrganizationExample
InstanceOf: TargetPartnerOrganization
Usage: #example
Title: "Welzijn Voorbeeldstad (test)"
Description: "Test welfare partner; marked as test data."
* id = "target-partner-organization-example"
* insert TargetTestData
* name = "Welzijn Voorbeeldstad"
* telecom.system = #phone
* telecom.value = "0592-000000"
* endpoint = Reference(TargetPartnerEndpointExample)
