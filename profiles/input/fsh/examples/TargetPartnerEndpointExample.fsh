Instance: TargetPartnerEndpointExample
InstanceOf: Endpoint
Usage: #example
Title: "FHIR endpoint of Welzijn Voorbeeldstad (test)"
Description: "Where the test partner receives referral Tasks; marked as test data."
* id = "target-partner-endpoint-example"
* insert TargetTestData
* status = #active
* connectionType = $ConnectionType#hl7-fhir-rest "HL7 FHIR"
* name = "Verwijzingen Welzijn Voorbeeldstad"
* managingOrganization = Reference(TargetPartnerOrganizationExample)
* payloadType.text = "FHIR Task"
* address = "https://partner.voorbeeldstad.example/fhir"
