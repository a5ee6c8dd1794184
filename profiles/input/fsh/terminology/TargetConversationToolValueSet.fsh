ValueSet: TargetConversationToolValueSet
Id: target-conversation-tool
Title: "TARGET Conversation Tool Value Set"
Description: "All tools an other conversation can use."
* insert TargetValueSetDefaults
* include codes from system TargetConversationToolCodeSystem
