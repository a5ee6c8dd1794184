Invariant: target-task-1
Description: "A completed referral Task returns feedback to the practice."
Expression: "status = 'completed' implies output.exists()"
Severity: #error
