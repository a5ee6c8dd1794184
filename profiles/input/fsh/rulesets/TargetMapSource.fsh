// Starts a source element (an ICPC-1-NL code) in the current group of a ConceptMap.
RuleSet: TargetMapSource(icpc)
* group[=].element[+].code = #{icpc}
