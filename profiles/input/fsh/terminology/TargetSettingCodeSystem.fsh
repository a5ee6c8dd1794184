CodeSystem: TargetSettingCodeSystem
Id: target-setting
Title: "TARGET Setting Code System"
Description: """
The keys of a practice's TARGET settings (TargetPracticeSettings). The `evidence` property says whether a
setting's default is sourced (published), a default (our choice) or an assumption (plausible, unverified);
assumptions must be shown as such in the settings screen.
"""
* insert TargetCodeSystemDefaults
* ^property[0].code = #evidence
* ^property[=].description = "sourced | default | assumption: how the default value of this setting is supported."
* ^property[=].type = #code
* #contact-weight "Gewicht per contactsoort" "Weight (decimal) of one contact of the contact type given with the setting. Defaults: consult-short 0.5, consult 1.0, consult-long 2.0, visit 1.5, visit-long 2.5, phone 0.5, e-consult 0.5 (relative NZa tariff ratios)."
* #contact-weight ^property[0].code = #evidence
* #contact-weight ^property[=].valueCode = #assumption
* #count-practice-nurse "Tel contacten met de POH" "Whether contacts with the practice nurse (POH) count (boolean). Default: true."
* #count-practice-nurse ^property[0].code = #evidence
* #count-practice-nurse ^property[=].valueCode = #default
* #count-unattributed-encounters "Tel contacten zonder zorgaanbieder" "Whether an Encounter that names neither a serviceProvider nor a participant who works at the practice counts as a contact with the practice (boolean). Encounters whose serviceProvider is another organisation never count; those of the practice always do. Default: true — assumption: a Dutch GP information system records only the practice's own contacts and often exports them without serviceProvider or participant, so an unattributed Encounter in the practice's record is most likely its own; set false for records merged from several providers."
* #count-unattributed-encounters ^property[0].code = #evidence
* #count-unattributed-encounters ^property[=].valueCode = #assumption
* #counting-period-days "Telperiode in dagen" "Length (integer, days) of the counted window before the reference date. Default: 365."
* #counting-period-days ^property[0].code = #evidence
* #counting-period-days ^property[=].valueCode = #default
* #chronic-disease-valueset "Lijst chronische ziekten" "Canonical URL of the ValueSet of qualifying chronic diseases (ICPC-1-NL, 3-character prefix match). Default: TargetChronicDiseaseIcpcValueSet."
* #chronic-disease-valueset ^property[0].code = #evidence
* #chronic-disease-valueset ^property[=].valueCode = #assumption
* #chronic-disease-code "Extra code chronische ziekte" "An extra SNOMED CT or ICD-10 code (Coding, system and code) that counts for the chronic disease given with the setting (TargetChronicDiseaseCodeSystem); repeats, one per code. It counts as a target of TargetChronicDiseaseConceptMap: ICD-10 codes below it count too, and SNOMED CT descendants when the server has a terminology server. The disease must be on the practice's chronic-disease list. Default: none (the starter ConceptMap alone, itself to be reviewed)."
* #chronic-disease-code ^property[0].code = #evidence
* #chronic-disease-code ^property[=].valueCode = #assumption
* #category-method "Methode categorieën" "How categories are cut (code): `percentile` (high at or above a percentile, medium at or above the mean) or `fixed` (fixed care burden thresholds). Default: percentile."
* #category-method ^property[0].code = #evidence
* #category-method ^property[=].valueCode = #default
* #high-percentile "Percentiel voor hoog" "Percentile (decimal) at or above which care burden is high, with method `percentile`. Default: 90."
* #high-percentile ^property[0].code = #evidence
* #high-percentile ^property[=].valueCode = #default
* #high-threshold "Drempel voor hoog" "Care burden (decimal) at or above which the category is high, with method `fixed`. No default."
* #high-threshold ^property[0].code = #evidence
* #high-threshold ^property[=].valueCode = #default
* #medium-threshold "Drempel voor midden" "Care burden (decimal) at or above which the category is medium, with method `fixed`. No default."
* #medium-threshold ^property[0].code = #evidence
* #medium-threshold ^property[=].valueCode = #default
* #new-patient-days "Periode nieuwe patiënt in dagen" "A patient whose earliest qualifying chronic condition lies within this many days (integer) of the reference date is `new`. Default: 365."
* #new-patient-days ^property[0].code = #evidence
* #new-patient-days ^property[=].valueCode = #default
* #older-age-years "Leeftijd oudere" "Age (integer, years) from which a patient counts as older in the subgroup rules. Default: 65."
* #older-age-years ^property[0].code = #evidence
* #older-age-years ^property[=].valueCode = #assumption
