ValueSet: TargetChronicDiseaseIcpcValueSet
Id: target-chronic-disease-icpc
Title: "TARGET Chronic Disease ICPC Value Set"
Description: """
Default list of qualifying chronic diseases (assumption): the ICPC-1-NL codes of the 28 diseases of
TargetChronicDiseaseCodeSystem, which groups them per disease.

**Matching rule (prefix semantics).** A Condition qualifies when the first three characters of its
ICPC-1-NL code equal a code of this ValueSet: T90.02 matches T90. Plain FHIR ValueSet membership is exact, so
`$validate-code` on this ValueSet under-approximates; TARGET software applies the prefix rule. Only active,
confirmed, non-refuted Conditions count. SNOMED CT and ICD-10 coded Conditions count through
TargetChronicDiseaseConceptMap. ICPC-1-NL is not a loaded code system here, so the codes are listed by system
and code, without displays.
"""
* insert TargetValueSetDefaults
* $ICPC#T90
* $ICPC#K74
* $ICPC#K75
* $ICPC#K76
* $ICPC#K77
* $ICPC#K78
* $ICPC#K89
* $ICPC#K90
* $ICPC#K92
* $ICPC#R95
* $ICPC#R96
* $ICPC#L89
* $ICPC#L90
* $ICPC#L91
* $ICPC#L88
* $ICPC#L83
* $ICPC#L84
* $ICPC#L86
* $ICPC#L95
* $ICPC#A79
* $ICPC#B72
* $ICPC#B73
* $ICPC#B74
* $ICPC#D74
* $ICPC#D75
* $ICPC#D76
* $ICPC#D77
* $ICPC#F74
* $ICPC#H75
* $ICPC#K72
* $ICPC#L71
* $ICPC#N74
* $ICPC#R84
* $ICPC#R85
* $ICPC#S77
* $ICPC#S80
* $ICPC#T71
* $ICPC#T73
* $ICPC#U75
* $ICPC#U76
* $ICPC#U77
* $ICPC#U79
* $ICPC#W72
* $ICPC#X75
* $ICPC#X76
* $ICPC#X77
* $ICPC#X81
* $ICPC#Y77
* $ICPC#Y78
* $ICPC#P76
* $ICPC#P74
* $ICPC#P70
* $ICPC#P72
* $ICPC#N87
* $ICPC#N88
* $ICPC#N86
* $ICPC#N89
* $ICPC#H86
* $ICPC#F94
* $ICPC#D94
* $ICPC#U99
* $ICPC#P15
* $ICPC#P19
* $ICPC#P85
