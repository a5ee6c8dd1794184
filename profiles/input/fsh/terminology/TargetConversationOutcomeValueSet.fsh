ValueSet: TargetConversationOutcomeValueSet
Id: target-conversation-outcome
Title: "TARGET Conversation Outcome Value Set"
Description: "All outcomes of an other conversation."
* insert TargetValueSetDefaults
* include codes from system TargetConversationOutcomeCodeSystem
