Profile: TargetHealthPlan
Parent: CarePlan
Id: target-health-plan
Title: "TARGET Health Plan"
Description: """
The patient's own care and support plan from the other conversation: the goals, the actions with who does
them, where, the barriers and follow-up, and the outcome of the conversation. The patient is in charge: they
are both subject and author (target-plan-1); practice workers contribute. The plan is a `draft` while the
conversation is, and `active` once it is finished. Its outcome is the conversation's (the Encounter carries
the same), and once the plan is no longer a draft it is `referral` exactly when an activity refers to a referral
(target-plan-2).
"""
* insert TargetConformanceMetadata
* obeys target-plan-1 and target-plan-2 and target-plan-3
* extension contains TargetConversationOutcome named outcome 0..1 MS and TargetFollowUpDate named followUp 0..1 MS
* extension[outcome] ^short = "Outcome: no-referral | own-action | referral"
* extension[outcome] ^definition = "The outcome of the conversation the plan came from; required once the plan is no longer a draft (target-plan-3)."
* extension[followUp] ^short = "When the plan is evaluated together"
* extension[followUp] ^definition = "The follow-up date agreed in the conversation."
* status ^short = "draft (while the conversation is a draft) | active | completed | revoked …"
* status ^definition = "`draft` while the conversation is recorded as a draft, `active` once it is finished."
* intent = #plan
* intent ^short = "plan"
* intent ^definition = "Fixed: the health plan is the patient's plan, not an order."
* insert TargetCodedSlice(category, healthPlan, TargetConceptCodeSystem#health-plan)
* category ^short = "Health plan"
* category ^definition = "Marks the CarePlan as a TARGET health plan."
* category[healthPlan] ^short = "Health plan"
* category[healthPlan] ^definition = "Fixed: this is a TARGET health plan."
* insert TargetPatientSubject
* encounter MS
* encounter only Reference(TargetOtherConversationEncounter)
* encounter ^short = "The other conversation"
* encounter ^definition = "The conversation in which the plan was made."
* period MS
* period ^short = "When the plan runs"
* period ^definition = "From the conversation until the plan is evaluated, when known."
* created MS
* created ^short = "When the plan was made"
* created ^definition = "The date the plan was first recorded."
* author 1..1 MS
* author only Reference(TargetPatient)
* author ^short = "The patient, who is in charge of the plan"
* author ^definition = "The patient owns the plan; the same patient as the subject."
* contributor MS
* contributor only Reference(TargetPatient or RelatedPerson or TargetPractitioner or PractitionerRole)
* contributor ^short = "Who helped make the plan"
* contributor ^definition = "The practice workers, and anyone of the patient's network, who helped make the plan."
* goal MS
* goal only Reference(TargetLifeGoal or TargetCareGoal)
* goal ^short = "The life and care goals"
* goal ^definition = "The goals the plan works towards."
* activity MS
* activity ^short = "An action, or a referral"
* activity ^definition = "An action described in `detail`, or a referral given by `reference` to the TargetReferralRequest."
* activity.reference only Reference(TargetReferralRequest)
* activity.reference ^short = "A referral"
* activity.reference ^definition = "The referral (TargetReferralRequest) this activity stands for."
* activity.detail.extension contains TargetActivityPerformerType named performerType 1..1 MS and TargetBarrier named barrier 0..* MS and TargetFollowUpDate named followUp 0..1 MS
* activity.detail.extension[performerType] ^short = "Who: patient | own-network | practice | partner"
* activity.detail.extension[performerType] ^definition = "The kind of performer of this action."
* activity.detail.extension[barrier] ^short = "Barriers: coded kind and/or words"
* activity.detail.extension[barrier] ^definition = "What may keep this action from happening: a kind from TargetBarrierValueSet (extensible) and the barrier in words."
* activity.detail.extension[followUp] ^short = "Follow-up date of this action"
* activity.detail.extension[followUp] ^definition = "When this action is looked at again."
* activity.detail.description 1..1 MS
* activity.detail.description ^short = "The action"
* activity.detail.description ^definition = "What will be done, in plain words."
* activity.detail.performer MS
* activity.detail.performer ^short = "Who does it"
* activity.detail.performer ^definition = "The patient, someone of their own network, a practice worker or a partner."
* activity.detail.location MS
* activity.detail.location ^short = "Where"
* activity.detail.location ^definition = "Where the action takes place (a display is enough)."
* activity.detail.goal MS
* activity.detail.goal ^short = "The goal this action serves"
* activity.detail.goal ^definition = "One of the plan's goals."
