// A draft is what the conversation hands to the referral workflow: the consent and the partner are settled
// there. A draft withdrawn before it was sent (revoked) or entered in error never needed them either.
Invariant: target-ref-2
Description: "A referral that is not a draft (nor withdrawn or entered in error) carries the patient's consent to share and names the partner."
Expression: "status = 'draft' or status = 'revoked' or status = 'entered-in-error' or (extension.where(url.endsWith('/StructureDefinition/target-referral-consent')).value.ofType(Reference).reference.exists() and performer.exists())"
Severity: #error
