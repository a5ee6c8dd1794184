Extension: TargetConversationSequence
Id: target-conversation-sequence
Title: "TARGET Conversation Sequence"
Description: "Whether the other conversation is the patient's first one or a follow-up conversation. R4 Encounter has no element for this, hence this extension."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(Encounter)
* value[x] 1..1
* value[x] only CodeableConcept
* value[x] from TargetConversationSequenceValueSet (required)
* value[x] ^short = "first | follow-up"
* value[x] ^definition = "First conversation, or a follow-up that evaluates and adjusts the goals and the plan."
