Invariant: target-sg-1
Description: "An unclassified patient has at least one component naming the missing data."
Expression: "value.ofType(CodeableConcept).coding.where(code = 'unclassified').exists() implies component.where(code.coding.where(code = 'missing-data').exists()).exists()"
Severity: #error
