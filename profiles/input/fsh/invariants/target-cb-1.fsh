Invariant: target-cb-1
Description: "The care burden score is present and zero or more."
Expression: "value.exists() and value >= 0"
Severity: #error
