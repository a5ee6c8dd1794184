// A draft plan may not know its outcome yet (it is chosen in the conversation's last step and the Encounter
// carries it meanwhile); once the plan is no longer a draft, it states the outcome.
Invariant: target-plan-3
Description: "Once the plan is no longer a draft, it states the outcome of the conversation."
Expression: "status = 'draft' or extension.where(url.endsWith('/StructureDefinition/target-conversation-outcome')).exists()"
Severity: #error
