CodeSystem: TargetChronicDiseaseCodeSystem
Id: target-chronic-disease
Title: "TARGET Chronic Disease Code System"
Description: """
The 28 chronic diseases that make a patient count for the care burden (TARGET names "28 chronic diseases";
its exact list is not published, so this list is an assumption). Each disease lists its ICPC-1-NL codes in
the `icpc` property (3-character prefixes: T90.02 matches T90); `jech` marks the clusters that follow a
published Dutch GP table (JECH, ICPC clusters). Counting "number of chronic diseases" counts these diseases,
not Conditions or ICPC codes. TargetChronicDiseaseIcpcValueSet holds the same ICPC codes.
"""
* insert TargetCodeSystemDefaults
* ^property[0].code = #icpc
* ^property[=].description = "An ICPC-1-NL code of this disease (3-character prefix); repeats."
* ^property[=].type = #Coding
* ^property[+].code = #jech
* ^property[=].description = "The ICPC cluster follows the published Dutch GP table (JECH)."
* ^property[=].type = #boolean
* #diabetes "Diabetes mellitus" "Diabetes."
* #coronary-heart-disease "Coronaire hartziekte" "Coronary heart disease."
* #heart-failure "Hartfalen" "Heart failure."
* #atrial-fibrillation "Atriumfibrilleren" "Atrial fibrillation."
* #stroke-tia "Beroerte of TIA" "Stroke or transient ischaemic attack."
* #peripheral-arterial-disease "Perifeer arterieel vaatlijden" "Peripheral arterial disease."
* #copd "COPD" "Chronic obstructive pulmonary disease."
* #asthma "Astma" "Asthma."
* #osteoarthritis "Artrose" "Osteoarthritis."
* #rheumatoid-arthritis "Reumatoïde artritis" "Rheumatoid arthritis."
* #chronic-neck-back-disorder "Chronische nek- of rugaandoening" "Chronic neck or back disorder."
* #osteoporosis "Osteoporose" "Osteoporosis."
* #cancer "Kanker" "Cancer."
* #depression "Depressie" "Depression."
* #anxiety-disorder "Angststoornis" "Anxiety disorder."
* #dementia "Dementie" "Dementia."
* #schizophrenia-psychosis "Schizofrenie of psychose" "Schizophrenia or psychosis."
* #parkinsons-disease "Ziekte van Parkinson" "Parkinson's disease."
* #epilepsy "Epilepsie" "Epilepsy."
* #multiple-sclerosis "Multiple sclerose" "Multiple sclerosis."
* #migraine "Migraine" "Migraine."
* #hearing-impairment "Slechthorendheid" "Hearing impairment."
* #visual-impairment "Slechtziendheid" "Visual impairment."
* #inflammatory-bowel-disease "Inflammatoire darmziekte" "Inflammatory bowel disease."
* #chronic-kidney-disease "Chronische nierschade" "Chronic kidney disease."
* #alcohol-abuse "Alcoholmisbruik" "Alcohol abuse."
* #drug-abuse "Drugsmisbruik" "Drug abuse."
* #intellectual-disability "Verstandelijke beperking" "Intellectual disability."
* insert TargetIcpcCode(diabetes, T90)
* insert TargetJechCluster(diabetes)
* insert TargetIcpcCode(coronary-heart-disease, K74)
* insert TargetIcpcCode(coronary-heart-disease, K75)
* insert TargetIcpcCode(coronary-heart-disease, K76)
* insert TargetJechCluster(coronary-heart-disease)
* insert TargetIcpcCode(heart-failure, K77)
* insert TargetIcpcCode(atrial-fibrillation, K78)
* insert TargetIcpcCode(stroke-tia, K89)
* insert TargetIcpcCode(stroke-tia, K90)
* insert TargetJechCluster(stroke-tia)
* insert TargetIcpcCode(peripheral-arterial-disease, K92)
* insert TargetIcpcCode(copd, R95)
* insert TargetJechCluster(copd)
* insert TargetIcpcCode(asthma, R96)
* insert TargetJechCluster(asthma)
* insert TargetIcpcCode(osteoarthritis, L89)
* insert TargetIcpcCode(osteoarthritis, L90)
* insert TargetIcpcCode(osteoarthritis, L91)
* insert TargetJechCluster(osteoarthritis)
* insert TargetIcpcCode(rheumatoid-arthritis, L88)
* insert TargetJechCluster(rheumatoid-arthritis)
* insert TargetIcpcCode(chronic-neck-back-disorder, L83)
* insert TargetIcpcCode(chronic-neck-back-disorder, L84)
* insert TargetIcpcCode(chronic-neck-back-disorder, L86)
* insert TargetIcpcCode(osteoporosis, L95)
* insert TargetIcpcCode(cancer, A79)
* insert TargetIcpcCode(cancer, B72)
* insert TargetIcpcCode(cancer, B73)
* insert TargetIcpcCode(cancer, B74)
* insert TargetIcpcCode(cancer, D74)
* insert TargetIcpcCode(cancer, D75)
* insert TargetIcpcCode(cancer, D76)
* insert TargetIcpcCode(cancer, D77)
* insert TargetIcpcCode(cancer, F74)
* insert TargetIcpcCode(cancer, H75)
* insert TargetIcpcCode(cancer, K72)
* insert TargetIcpcCode(cancer, L71)
* insert TargetIcpcCode(cancer, N74)
* insert TargetIcpcCode(cancer, R84)
* insert TargetIcpcCode(cancer, R85)
* insert TargetIcpcCode(cancer, S77)
* insert TargetIcpcCode(cancer, S80)
* insert TargetIcpcCode(cancer, T71)
* insert TargetIcpcCode(cancer, T73)
* insert TargetIcpcCode(cancer, U75)
* insert TargetIcpcCode(cancer, U76)
* insert TargetIcpcCode(cancer, U77)
* insert TargetIcpcCode(cancer, U79)
* insert TargetIcpcCode(cancer, W72)
* insert TargetIcpcCode(cancer, X75)
* insert TargetIcpcCode(cancer, X76)
* insert TargetIcpcCode(cancer, X77)
* insert TargetIcpcCode(cancer, X81)
* insert TargetIcpcCode(cancer, Y77)
* insert TargetIcpcCode(cancer, Y78)
* insert TargetJechCluster(cancer)
* insert TargetIcpcCode(depression, P76)
* insert TargetJechCluster(depression)
* insert TargetIcpcCode(anxiety-disorder, P74)
* insert TargetJechCluster(anxiety-disorder)
* insert TargetIcpcCode(dementia, P70)
* insert TargetIcpcCode(schizophrenia-psychosis, P72)
* insert TargetIcpcCode(parkinsons-disease, N87)
* insert TargetIcpcCode(epilepsy, N88)
* insert TargetIcpcCode(multiple-sclerosis, N86)
* insert TargetIcpcCode(migraine, N89)
* insert TargetIcpcCode(hearing-impairment, H86)
* insert TargetIcpcCode(visual-impairment, F94)
* insert TargetIcpcCode(inflammatory-bowel-disease, D94)
* insert TargetIcpcCode(chronic-kidney-disease, U99)
* insert TargetIcpcCode(alcohol-abuse, P15)
* insert TargetIcpcCode(drug-abuse, P19)
* insert TargetIcpcCode(intellectual-disability, P85)
