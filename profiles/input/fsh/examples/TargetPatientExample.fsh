Instance: TargetPatientExample
InstanceOf: TargetPatient
Usage: #example
Title: "Truus Bakker-de Vries (test patient)"
Description: "Test patient with the test BSN 999911120; marked as test data."
* id = "target-patient-example"
* insert TargetTestData
* identifier[bsn].value = "999911120"
* name.use = #official
* name.text = "Geertruida (Truus) Bakker-de Vries"
* name.family = "Bakker-de Vries"
* name.given[0] = "Geertruida"
* name.given[+] = "Truus"
* gender = #female
* birthDate = "1951-03-14"
* maritalStatus = http://terminology.hl7.org/CodeSystem/v3-MaritalStatus#M "Married"
* address.city = "Assen"
* address.country = "NL"
* generalPractitioner = Reference(TargetPractitionerExample)
* managingOrganization = Reference(TargetPracticeOrganizationExample)
