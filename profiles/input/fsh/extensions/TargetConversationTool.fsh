Extension: TargetConversationTool
Id: target-conversation-tool
Title: "TARGET Conversation Tool"
Description: "The tool the other conversation used: the Positive Health spider web, none, or another tool."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(Encounter)
* value[x] 1..1
* value[x] only CodeableConcept
* value[x] from TargetConversationToolValueSet (required)
* value[x] ^short = "positive-health | none | other"
* value[x] ^definition = "The tool used to prepare or guide the conversation; with `other`, the text says which."
