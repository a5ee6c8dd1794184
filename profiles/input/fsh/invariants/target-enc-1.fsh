Invariant: target-enc-1
Description: "A finished conversation records its outcome (no referral needed, own action or referral)."
Expression: "status = 'finished' implies extension.where(url.endsWith('/StructureDefinition/target-conversation-outcome')).value.ofType(CodeableConcept).coding.exists()"
Severity: #error
