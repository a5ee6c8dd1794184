Instance: TargetConditionCopdExample
InstanceOf: Condition
Usage: #example
Title: "COPD of the test patient"
Description: "ICPC-1-NL R95 (on the chronic-disease list); marked as test data."
* id = "target-condition-copd-example"
* insert TargetTestData
* clinicalStatus = $ConditionClinical#active
* verificationStatus = $ConditionVerification#confirmed
* code = $ICPC#R95 "COPD"
* subject = Reference(TargetPatientExample)
* onsetDateTime = "2016-11-02"
