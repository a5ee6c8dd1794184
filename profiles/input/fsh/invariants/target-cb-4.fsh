Invariant: target-cb-4
Description: "A contact-type component carries its weighted sum (extension TargetWeightedSum)."
Expression: "code.coding.where(system.endsWith('/CodeSystem/target-contact-type')).exists() implies extension.where(url.endsWith('/StructureDefinition/target-weighted-sum')).value.ofType(decimal).exists()"
Severity: #error
