ValueSet: TargetConversationSequenceValueSet
Id: target-conversation-sequence
Title: "TARGET Conversation Sequence Value Set"
Description: "First or follow-up conversation."
* insert TargetValueSetDefaults
* include codes from system TargetConversationSequenceCodeSystem
