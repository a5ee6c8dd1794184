// One parameter of an OperationDefinition: name, use, cardinality and type (the documentation follows as
// its own rule, so it may contain commas and brackets).
RuleSet: TargetOperationParameter(name, use, min, max, type)
* parameter[+].name = #{name}
* parameter[=].use = #{use}
* parameter[=].min = {min}
* parameter[=].max = "{max}"
* parameter[=].type = #{type}
