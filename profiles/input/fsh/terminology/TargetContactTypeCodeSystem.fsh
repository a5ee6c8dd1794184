CodeSystem: TargetContactTypeCodeSystem
Id: target-contact-type
Title: "TARGET Contact Type Code System"
Description: """
Types of GP contact counted in the care burden (zorgzwaarte). An Encounter counts as one type: an explicit
code in Encounter.type (this code, or the NZa declaration code named in the definition) wins over class and
length. The weight of each type is a practice setting (see TargetSettingCodeSystem#contact-weight), not part
of this code system.
"""
* insert TargetCodeSystemDefaults
* #consult-short "Consult in de praktijk korter dan 5 minuten" "Practice consult shorter than 5 minutes: Encounter.class AMB with a length under 5 minutes, or NZa code 12010."
* #consult "Consult in de praktijk" "Practice consult of 5 to 20 minutes: Encounter.class AMB, also when no length is known, or NZa code 12000 / 12011."
* #consult-long "Consult in de praktijk van 20 minuten of langer" "Practice consult of 20 minutes or longer: Encounter.class AMB with a length of 20 minutes or more, or NZa code 12001."
* #visit "Visite" "Home visit shorter than 20 minutes: Encounter.class HH, also when no length is known, or NZa code 12002."
* #visit-long "Visite van 20 minuten of langer" "Home visit of 20 minutes or longer: Encounter.class HH with a length of 20 minutes or more, or NZa code 12003."
* #phone "Telefonisch consult" "Telephone consult: Encounter.class VR with a telephone type, or NZa code 12004."
* #e-consult "E-consult" "E-mail, video or portal consult: Encounter.class VR otherwise, or NZa code 12007."
