// The value of an Observation as a UCUM Quantity with a fixed unit code.
RuleSet: TargetUcumQuantity(code)
* valueQuantity.value 1..1
* valueQuantity.value ^short = "The number"
* valueQuantity.value ^definition = "The numeric value."
* valueQuantity.system 1..1
* valueQuantity.system = $UCUM (exactly)
* valueQuantity.system ^short = "UCUM"
* valueQuantity.system ^definition = "Fixed: units are UCUM."
* valueQuantity.code 1..1
* valueQuantity.code = {code} (exactly)
* valueQuantity.code ^short = "UCUM unit {code}"
* valueQuantity.code ^definition = "Fixed: the unit of this value."
