ValueSet: TargetConversationRecordActivityValueSet
Id: target-conversation-record-activity
Title: "TARGET Conversation Record Activity Value Set"
Description: "What the finishing of an other conversation did to its record, as v3 DataOperation: created it, or revised it (a conversation finished again after a correction)."
* insert TargetValueSetDefaults
* $DataOperation#CREATE "create"
* $DataOperation#UPDATE "revise"
