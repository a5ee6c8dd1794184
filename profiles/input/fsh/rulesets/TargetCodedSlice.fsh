// A required slice of a repeating CodeableConcept element, matched by pattern: the element keeps other
// codes, and one repetition must carry the given code. (A pattern on the whole repeating element would
// apply to every repetition.)
RuleSet: TargetCodedSlice(element, sliceName, code)
* {element} ^slicing.discriminator.type = #pattern
* {element} ^slicing.discriminator.path = "$this"
* {element} ^slicing.rules = #open
* {element} contains {sliceName} 1..1 MS
* {element}[{sliceName}] = {code}
