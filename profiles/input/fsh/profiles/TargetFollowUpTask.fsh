Profile: TargetFollowUpTask
Parent: Task
Id: target-follow-up-task
Title: "TARGET Follow-up Task"
Description: """
The follow-up agreed in the other conversation: the practice and the patient look at the goals and the health
plan again by a due date. The practice owns the Task, as it owns the invitation; the worklist shows the
follow-ups that are due.
"""
* insert TargetConformanceMetadata
* obeys target-fu-1
* status ^short = "draft | requested | accepted | in-progress | completed | cancelled"
* status ^definition = "Where the follow-up is: agreed in a conversation that is still a draft (draft), agreed (requested), planned with the patient (accepted), under way, done, or no longer needed (cancelled)."
* intent = #plan
* intent ^short = "plan"
* intent ^definition = "Fixed: the follow-up is part of the plan, not an order to someone else."
* code 1..1
* code = TargetConceptCodeSystem#follow-up
* code ^short = "Follow-up appointment"
* code ^definition = "Fixed: this Task is the follow-up of an other conversation."
* description MS
* description ^short = "What the follow-up is about, in plain words"
* description ^definition = "For example: look at the walking goal together again."
* focus 1..1 MS
* focus only Reference(TargetHealthPlan)
* focus ^short = "The health plan"
* focus ^definition = "The health plan that is looked at again."
* for 1..1 MS
* for only Reference(TargetPatient)
* for ^short = "The patient"
* for ^definition = "The patient the follow-up is with."
* encounter MS
* encounter only Reference(TargetOtherConversationEncounter)
* encounter ^short = "The other conversation"
* encounter ^definition = "The conversation in which the follow-up was agreed."
* authoredOn 1..1 MS
* authoredOn ^short = "When the follow-up was agreed"
* authoredOn ^definition = "When the follow-up was agreed in the conversation."
* requester MS
* requester only Reference(PractitionerRole)
* requester ^short = "The practice worker who agreed it"
* requester ^definition = "The PractitionerRole of the practice worker who agreed the follow-up with the patient."
* owner 1..1 MS
* owner only Reference(TargetPracticeOrganization)
* owner ^short = "The practice"
* owner ^definition = "The practice that follows up and owns the Task."
* restriction 1..1 MS
* restriction ^short = "By when"
* restriction ^definition = "The due date of the follow-up."
* restriction.period 1..1 MS
* restriction.period ^short = "By when"
* restriction.period ^definition = "The period in which the follow-up should happen; its end is the due date."
* restriction.period.end 1..1 MS
* restriction.period.end ^short = "Due date"
* restriction.period.end ^definition = "The date by which the follow-up should have happened; the worklist shows it."
