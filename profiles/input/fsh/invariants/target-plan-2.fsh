// A draft plan is exempt: while the conversation is a draft the user may still be adding referrals or
// choosing the outcome. Once the plan is active (or later) the outcome and its referrals agree.
Invariant: target-plan-2
Description: "Once the plan is no longer a draft, the outcome of the conversation is a referral exactly when the plan has an activity that refers to a referral: a referral outcome without one, or a referral activity with another outcome, is an error."
Expression: "status = 'draft' or (extension.where(url.endsWith('/StructureDefinition/target-conversation-outcome')).value.ofType(CodeableConcept).coding.where(system.endsWith('/CodeSystem/target-conversation-outcome') and code = 'referral').exists() = activity.reference.reference.exists())"
Severity: #error
