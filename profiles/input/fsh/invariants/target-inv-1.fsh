Invariant: target-inv-1
Description: "An invitation Task is requested, accepted, rejected (declined) or cancelled: no other Task status."
Expression: "status = 'requested' or status = 'accepted' or status = 'rejected' or status = 'cancelled'"
Severity: #error
