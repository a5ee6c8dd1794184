Profile: TargetPractitioner
Parent: Practitioner
Id: target-practitioner
Title: "TARGET Practitioner"
Description: "A GP, practice nurse or other care professional of the practice, identified by AGB code and optionally UZI number."
* insert TargetConformanceMetadata
* insert TargetIdentifierSlicing(identifier)
* identifier ^short = "Identifiers of the practitioner"
* identifier ^definition = "Business identifiers: the AGB code and, where known, the UZI number."
* identifier contains agb 0..1 MS and uzi 0..1
* identifier[agb] ^short = "AGB code of the practitioner"
* identifier[agb] ^definition = "The practitioner's AGB-Z code (Vektis)."
* insert TargetIdentifierSlice(identifier, agb, $AGB, AGB code)
* identifier[uzi] ^short = "UZI number"
* identifier[uzi] ^definition = "The practitioner's personal UZI number."
* insert TargetIdentifierSlice(identifier, uzi, $UZI, UZI number)
* name 1..* MS
* name ^short = "Name of the practitioner"
* name ^definition = "At least one name."
