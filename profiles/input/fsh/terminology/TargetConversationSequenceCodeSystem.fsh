CodeSystem: TargetConversationSequenceCodeSystem
Id: target-conversation-sequence
Title: "TARGET Conversation Sequence Code System"
Description: "Whether an other conversation is the patient's first one or a follow-up conversation that evaluates and adjusts the goals and the plan."
* insert TargetCodeSystemDefaults
* #first "Eerste gesprek" "The patient's first other conversation."
* #follow-up "Vervolggesprek" "A later other conversation: the goals and the health plan are evaluated and adjusted."
