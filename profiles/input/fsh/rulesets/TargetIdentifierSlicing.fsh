// Open slicing of Identifier elements by system, one slice per naming system.
RuleSet: TargetIdentifierSlicing(element)
* {element} ^slicing.discriminator.type = #value
* {element} ^slicing.discriminator.path = "system"
* {element} ^slicing.rules = #open
