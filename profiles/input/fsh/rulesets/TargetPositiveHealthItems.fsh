// One Positive Health dimension in the Questionnaire: a group with a 0–10 grade and a want-to-talk flag.
// The labels are our own neutral Dutch wording, not item texts of the Institute for Positive Health.
RuleSet: TargetPositiveHealthItems(dimension, label)
* item[+].linkId = "{dimension}"
* item[=].text = "{label}"
* item[=].type = #group
* item[=].code = TargetPositiveHealthDimensionCodeSystem#{dimension} "{label}"
* item[=].item[0].linkId = "{dimension}.score"
* item[=].item[=].text = "{label} — cijfer 0–10"
* item[=].item[=].type = #integer
* item[=].item[=].required = true
* item[=].item[=].extension[$MinValue].valueInteger = 0
* item[=].item[=].extension[$MaxValue].valueInteger = 10
* item[=].item[+].linkId = "{dimension}.talk"
* item[=].item[=].text = "{label} — bespreken in het gesprek?"
* item[=].item[=].type = #boolean
