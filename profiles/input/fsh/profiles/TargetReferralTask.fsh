Profile: TargetReferralTask
Parent: Task
Id: target-referral-task
Title: "TARGET Referral Task"
Description: """
The partner's work on a referral: it fulfils the TargetReferralRequest, is owned by the partner, tracks status
and business status (first contact, patient declined), and returns feedback to the practice as output.
Allowed status transitions (requested → received/accepted/rejected → in-progress → completed; cancelled by
the practice) span two versions of the Task, so the server enforces them, not an invariant.
"""
* insert TargetConformanceMetadata
* obeys target-task-1 and target-task-2
* status ^short = "requested | received | accepted | rejected | in-progress | completed | cancelled | …"
* status ^definition = "Where the partner is with the referral (Koppeltaal-style Task workflow)."
* businessStatus from TargetReferralProgressValueSet (extensible)
* businessStatus ^short = "first-contact | patient-declined | …"
* businessStatus ^definition = "Milestones beside the status: the partner's first contact with the patient, or the patient declining."
* intent = #order
* intent ^short = "order"
* intent ^definition = "Fixed: the Task carries out an order."
* code 1..1
* code = $TaskCode#fulfill "Fulfill the focal request"
* code ^short = "Fulfil the referral"
* code ^definition = "Fixed: the Task fulfils its focus, the referral."
* focus 1..1 MS
* focus only Reference(TargetReferralRequest)
* focus ^short = "The referral"
* focus ^definition = "The TargetReferralRequest this Task fulfils."
* for 1..1 MS
* for only Reference(TargetPatient)
* for ^short = "The patient"
* for ^definition = "The patient who is referred."
* authoredOn 1..1 MS
* authoredOn ^short = "When the Task was made"
* authoredOn ^definition = "When the practice sent the referral."
* requester MS
* requester only Reference(TargetPractitioner or PractitionerRole or TargetPracticeOrganization)
* requester ^short = "Who refers"
* requester ^definition = "The practice worker (or the practice) that refers."
* owner 1..1 MS
* owner only Reference(TargetPartnerService or TargetPartnerOrganization)
* owner ^short = "The partner"
* owner ^definition = "The partner that works on the referral."
* output ^slicing.discriminator.type = #pattern
* output ^slicing.discriminator.path = "type"
* output ^slicing.rules = #open
* output ^short = "Feedback to the practice"
* output ^definition = "What the partner reports back."
* output contains feedback 0..* MS
* output[feedback].type = TargetConceptCodeSystem#referral-feedback
* output[feedback].type ^short = "Referral feedback"
* output[feedback].type ^definition = "Fixed: this output is feedback to the practice."
* output[feedback].value[x] only string
* output[feedback].value[x] ^short = "The feedback"
* output[feedback].value[x] ^definition = "The feedback in plain words."
* output[feedback] ^short = "Feedback from the partner"
* output[feedback] ^definition = "The partner's feedback about the referral, in plain words."
