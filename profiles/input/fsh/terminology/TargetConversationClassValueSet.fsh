ValueSet: TargetConversationClassValueSet
Id: target-conversation-class
Title: "TARGET Conversation Class Value Set"
Description: "Where the other conversation is held, as v3 ActCode: at the practice (AMB), at home (HH) or by video or phone (VR)."
* insert TargetValueSetDefaults
* $ActCode#AMB "ambulatory"
* $ActCode#HH "home health"
* $ActCode#VR "virtual"
