Invariant: target-ref-1
Description: "A referral states its reason, in words or as a reference."
Expression: "reasonCode.exists() or reasonReference.exists()"
Severity: #error
