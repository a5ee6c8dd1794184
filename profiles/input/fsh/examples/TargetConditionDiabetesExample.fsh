Instance: TargetConditionDiabetesExample
InstanceOf: Condition
Usage: #example
Title: "Diabetes mellitus type 2 of the test patient"
Description: "ICPC-1-NL T90.02 (matches T90 on the chronic-disease list); marked as test data."
* id = "target-condition-diabetes-example"
* insert TargetTestData
* clinicalStatus = $ConditionClinical#active
* verificationStatus = $ConditionVerification#confirmed
* code = $ICPC#T90.02 "Diabetes mellitus type 2"
* subject = Reference(TargetPatientExample)
* onsetDateTime = "2012-05-10"
