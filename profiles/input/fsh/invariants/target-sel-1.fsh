Invariant: target-sel-1
Description: "A selected patient's care burden score is zero or more."
Expression: "extension.where(url.endsWith('/StructureDefinition/target-member-care-burden-score')).value.ofType(decimal).all($this >= 0)"
Severity: #error
