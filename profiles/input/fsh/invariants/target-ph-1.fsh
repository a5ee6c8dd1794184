Invariant: target-ph-1
Description: "A Positive Health dimension score is present and lies between 0 and 10."
Expression: "value.exists() and value >= 0 and value <= 10"
Severity: #error
