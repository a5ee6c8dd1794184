// One ICPC-1-NL code (3-character prefix) of a disease in TargetChronicDiseaseCodeSystem.
RuleSet: TargetIcpcCode(disease, icpc)
* #{disease} ^property[+].code = #icpc
* #{disease} ^property[=].valueCoding = $ICPC#{icpc}
