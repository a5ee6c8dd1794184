// Adds a target to the current source element of a ConceptMap.
RuleSet: TargetMapTarget(code, display, equivalence)
* group[=].element[=].target[+].code = #{code}
* group[=].element[=].target[=].display = "{display}"
* group[=].element[=].target[=].equivalence = #{equivalence}
// R4 invariant cmd-1: a narrower or inexact target needs a comment; every target of this starter map has one.
* group[=].element[=].target[=].comment = "Starter mapping ({equivalence}), to be reviewed by a terminologist."
