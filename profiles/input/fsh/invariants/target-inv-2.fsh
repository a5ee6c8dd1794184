Invariant: target-inv-2
Description: "A declined (rejected) invitation says why."
Expression: "status = 'rejected' implies statusReason.exists()"
Severity: #error
