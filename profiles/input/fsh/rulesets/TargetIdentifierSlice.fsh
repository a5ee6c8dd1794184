// The system and value of an identifier slice (after `contains`): fixed system, required value.
RuleSet: TargetIdentifierSlice(element, slice, system, label)
* {element}[{slice}].system 1..1
* {element}[{slice}].system = {system} (exactly)
* {element}[{slice}].system ^short = "{label} naming system"
* {element}[{slice}].system ^definition = "Fixed: the naming system of the {label}."
* {element}[{slice}].value 1..1
* {element}[{slice}].value ^short = "The {label}"
* {element}[{slice}].value ^definition = "The {label} itself."
