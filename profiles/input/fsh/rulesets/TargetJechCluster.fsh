// Marks a disease whose ICPC cluster follows the published Dutch GP table (JECH, ICPC clusters).
RuleSet: TargetJechCluster(disease)
* #{disease} ^property[+].code = #jech
* #{disease} ^property[=].valueBoolean = true
