// Adds a target to the current source element of a ConceptMap.
RuleSet: TargetMapTarget(code, display, equivalence)
* group[=].element[=].target[+].code = #{code}
* group[=].element[=].target[=].display = "{display}"
* group[=].element[=].target[=].equivalence = #{equivalence}
