Extension: TargetConversationOutcome
Id: target-conversation-outcome
Title: "TARGET Conversation Outcome"
Description: """
The outcome of the other conversation: no referral needed, own action by the patient, or referral. It belongs
to the conversation itself (Encounter), so a conversation without a plan still counts; the health plan made in
the conversation (CarePlan) carries the same outcome.
"""
* insert TargetConformanceMetadata
* insert TargetExtensionContext(Encounter)
* insert TargetExtensionContext(CarePlan)
* value[x] 1..1
* value[x] only CodeableConcept
* value[x] from TargetConversationOutcomeValueSet (required)
* value[x] ^short = "no-referral | own-action | referral"
* value[x] ^definition = "The outcome of the conversation; `referral` when at least one referral was made, also when the patient acts as well."
