Invariant: target-goal-1
Description: "A care goal refers to the life goal it serves."
Expression: "extension.where(url.endsWith('/StructureDefinition/target-serves-life-goal')).value.ofType(Reference).reference.exists()"
Severity: #error
