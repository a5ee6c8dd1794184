// The answers for one dimension in a QuestionnaireResponse to TargetPositiveHealthQuestionnaire.
RuleSet: TargetPositiveHealthAnswer(dimension, label, score, talk)
* item[+].linkId = "{dimension}"
* item[=].text = "{label}"
* item[=].item[0].linkId = "{dimension}.score"
* item[=].item[=].answer.valueInteger = {score}
* item[=].item[+].linkId = "{dimension}.talk"
* item[=].item[=].answer.valueBoolean = {talk}
