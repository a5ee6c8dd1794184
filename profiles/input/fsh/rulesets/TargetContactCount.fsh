// One contact-type component of a TargetCareBurdenObservation instance: count and weighted sum.
RuleSet: TargetContactCount(contactType, count, weightedSum)
* component[contactType][+].code = TargetContactTypeCodeSystem#{contactType}
* component[contactType][=].valueInteger = {count}
* component[contactType][=].extension[TargetWeightedSum].valueDecimal = {weightedSum}
