Invariant: target-fu-1
Description: "A follow-up Task is a draft (agreed in a conversation that is still a draft), requested, accepted, in progress, completed or cancelled: no other Task status."
Expression: "status = 'draft' or status = 'requested' or status = 'accepted' or status = 'in-progress' or status = 'completed' or status = 'cancelled'"
Severity: #error
