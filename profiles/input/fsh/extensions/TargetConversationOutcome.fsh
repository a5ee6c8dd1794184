Extension: TargetConversationOutcome
Id: target-conversation-outcome
Title: "TARGET Conversation Outcome"
Description: "The outcome of the other conversation the plan came from: no referral needed, own action by the patient, or referral."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(CarePlan)
* value[x] 1..1
* value[x] only CodeableConcept
* value[x] from TargetConversationOutcomeValueSet (required)
* value[x] ^short = "no-referral | own-action | referral"
* value[x] ^definition = "The outcome of the conversation; `referral` when at least one referral was made, also when the patient acts as well."
