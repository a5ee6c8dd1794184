Invariant: target-plan-2
Description: "When the outcome of the conversation is a referral, the plan has an activity that refers to it."
Expression: "extension.where(url.endsWith('/StructureDefinition/target-conversation-outcome')).value.ofType(CodeableConcept).coding.where(code = 'referral').exists() implies activity.reference.exists()"
Severity: #error
