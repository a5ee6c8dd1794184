Instance: TargetReferralTaskExample
InstanceOf: TargetReferralTask
Usage: #example
Title: "Referral Task at the welfare partner"
Description: "The partner has had a first contact and reports back; marked as test data."
* id = "target-referral-task-example"
* insert TargetTestData
* status = #in-progress
* businessStatus = TargetReferralProgressCodeSystem#first-contact "Eerste contact gehad"
* intent = #order
* focus = Reference(TargetReferralRequestExample)
* for = Reference(TargetPatientExample)
* authoredOn = "2025-02-03T11:00:00+01:00"
* lastModified = "2025-02-12T15:30:00+01:00"
* requester = Reference(TargetPractitionerExample)
* owner = Reference(TargetPartnerServiceExample)
* output[feedback].valueString = "Kennismaking gehad op 12 februari; mevrouw start in de wandelgroep op dinsdag."
