// Open slicing of Observation.component by the value of `code` (a pattern, or a required binding for the
// last slice, which must come after the pattern slices).
RuleSet: TargetSlicedByCode(element)
* {element} ^slicing.discriminator.type = #value
* {element} ^slicing.discriminator.path = "code"
* {element} ^slicing.rules = #open
* {element} ^slicing.ordered = false
