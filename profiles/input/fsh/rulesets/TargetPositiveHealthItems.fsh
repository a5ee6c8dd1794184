// One Positive Health dimension in the Questionnaire: a group with a 0–10 grade and a want-to-talk flag.
// The labels are our own neutral Dutch wording, not item texts of the Institute for Positive Health.
// The group is annotated for SDC observation-based extraction: its code is the Observation's code, and our
// extensions say how the value and the want-to-talk component are computed from the group's answers.
// The grade is not required: a partial answer is allowed, and a dimension left out gives no Observation.
RuleSet: TargetPositiveHealthItems(dimension, label)
* item[+].linkId = "{dimension}"
* item[=].text = "{label}"
* item[=].type = #group
* item[=].code = TargetPositiveHealthDimensionCodeSystem#{dimension} "{label}"
* item[=].extension[+].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-observationExtract"
* item[=].extension[=].valueBoolean = true
* item[=].extension[+].url = Canonical(TargetObservationExtractValue)
* item[=].extension[=].valueExpression.language = #text/fhirpath
* item[=].extension[=].valueExpression.expression = "item.where(linkId = '{dimension}.score').answer.value"
* item[=].extension[+].url = Canonical(TargetObservationExtractComponent)
* item[=].extension[=].extension[0].url = "code"
* item[=].extension[=].extension[=].valueCoding = TargetObservationCodeSystem#want-to-talk "Wil hierover praten"
* item[=].extension[=].extension[+].url = "value"
* item[=].extension[=].extension[=].valueExpression.language = #text/fhirpath
* item[=].extension[=].extension[=].valueExpression.expression = "item.where(linkId = '{dimension}.talk').answer.value"
* item[=].item[0].linkId = "{dimension}.score"
* item[=].item[=].text = "{label} — cijfer 0–10"
* item[=].item[=].type = #integer
* item[=].item[=].extension[$MinValue].valueInteger = 0
* item[=].item[=].extension[$MaxValue].valueInteger = 10
* item[=].item[+].linkId = "{dimension}.talk"
* item[=].item[=].text = "{label} — bespreken in het gesprek?"
* item[=].item[=].type = #boolean
