Profile: TargetInvitationTask
Parent: Task
Id: target-invitation-task
Title: "TARGET Invitation Task"
Description: """
The practice invites a selected patient for the other conversation ("het andere gesprek"). The practice owns
the Task; evaluation counts a patient as invited from it. Allowed status transitions (requested → accepted,
rejected with a reason, or cancelled; nothing after that) span two versions of the Task, so the server
enforces them on every write, not an invariant.
"""
* insert TargetConformanceMetadata
* obeys target-inv-1 and target-inv-2
* status ^short = "requested | accepted | rejected | cancelled"
* status ^definition = "Where the invitation is: sent (requested), accepted by the patient, declined by the patient (rejected, with the reason) or withdrawn by the practice (cancelled)."
* statusReason MS
* statusReason ^short = "Why the patient declined (or the practice cancelled)"
* statusReason ^definition = "The patient's reason for declining, in words; required when the status is rejected."
* intent = #proposal
* intent ^short = "proposal"
* intent ^definition = "Fixed: the practice proposes the conversation to the patient."
* code 1..1
* code = TargetConceptCodeSystem#invitation
* code ^short = "Invitation for the other conversation"
* code ^definition = "Fixed: this Task invites the patient for the other conversation."
* focus MS
* focus only Reference(TargetSelectionGroup)
* focus ^short = "The selection that selected the patient"
* focus ^definition = "The TargetSelectionGroup the patient was invited from, when known."
* for 1..1 MS
* for only Reference(TargetPatient)
* for ^short = "The patient"
* for ^definition = "The patient who is invited."
* authoredOn 1..1 MS
* authoredOn ^short = "When the invitation was made"
* authoredOn ^definition = "When the practice invited the patient."
* requester MS
* requester only Reference(TargetPractitioner or PractitionerRole)
* requester ^short = "Who invited"
* requester ^definition = "The practice worker who invited the patient, when known."
* owner 1..1 MS
* owner only Reference(TargetPracticeOrganization)
* owner ^short = "The practice"
* owner ^definition = "The practice that invites the patient and owns the invitation."
