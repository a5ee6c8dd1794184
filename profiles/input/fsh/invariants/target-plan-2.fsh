Invariant: target-plan-2
Description: "The outcome of the conversation is a referral exactly when the plan has an activity that refers to a referral: a referral outcome without one, or a referral activity with another outcome, is an error."
Expression: "extension.where(url.endsWith('/StructureDefinition/target-conversation-outcome')).value.ofType(CodeableConcept).coding.where(system.endsWith('/CodeSystem/target-conversation-outcome') and code = 'referral').exists() = activity.reference.reference.exists()"
Severity: #error
