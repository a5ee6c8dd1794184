Invariant: target-task-2
Description: "A rejected or cancelled referral Task says why."
Expression: "(status = 'rejected' or status = 'cancelled') implies statusReason.exists()"
Severity: #error
