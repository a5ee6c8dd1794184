CodeSystem: TargetConversationToolCodeSystem
Id: target-conversation-tool
Title: "TARGET Conversation Tool Code System"
Description: "The tool used to prepare or guide the other conversation."
* insert TargetCodeSystemDefaults
* #positive-health "Spinnenweb Positieve Gezondheid" "The Positive Health spider web (a self-assessment of the six dimensions, before or during the conversation)."
* #none "Geen" "No tool: an open conversation."
* #other "Anders" "Another tool or method."
