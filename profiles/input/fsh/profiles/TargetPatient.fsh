Profile: TargetPatient
Parent: Patient
Id: target-patient
Title: "TARGET Patient"
Description: "A patient of a participating general practice, identified by BSN where known."
* insert TargetConformanceMetadata
* obeys target-pat-1
* insert TargetIdentifierSlicing(identifier)
* identifier ^short = "Identifiers of the patient, the BSN among them"
* identifier ^definition = "Business identifiers of the patient. The `bsn` slice holds the citizen service number (burgerservicenummer)."
* identifier contains bsn 0..1 MS
* identifier[bsn] ^short = "BSN (burgerservicenummer)"
* identifier[bsn] ^definition = "The Dutch citizen service number: nine digits."
* insert TargetIdentifierSlice(identifier, bsn, $BSN, BSN)
* name 1..* MS
* name ^short = "Name of the patient"
* name ^definition = "At least one name, so people can recognise the patient in worklists."
* gender MS
* gender ^short = "Administrative gender"
* gender ^definition = "Administrative gender; used to break evaluation figures down."
* birthDate MS
* birthDate ^short = "Date of birth"
* birthDate ^definition = "Date of birth; the subgroup rules need the patient's age."
* maritalStatus MS
* maritalStatus ^short = "Marital status"
* maritalStatus ^definition = "Marital status; the subgroup rules use it for the household when no social-history Observation says how the patient lives."
* generalPractitioner only Reference(TargetPractitioner or TargetPracticeOrganization)
* generalPractitioner MS
* generalPractitioner ^short = "The patient's GP or GP practice"
* generalPractitioner ^definition = "The general practitioner or practice the patient is registered with."
