// One part of the current (last added) out parameter of an OperationDefinition: name, cardinality and type
// (the documentation follows as its own rule).
RuleSet: TargetOperationPart(name, min, max, type)
* parameter[=].part[+].name = #{name}
* parameter[=].part[=].use = #out
* parameter[=].part[=].min = {min}
* parameter[=].part[=].max = "{max}"
* parameter[=].part[=].type = #{type}
