Extension: TargetObservationExtractValue
Id: target-observation-extract-value
Title: "TARGET Observation Extract Value"
Description: "On a Questionnaire item marked for SDC observation-based extraction: the FHIRPath expression that gives the Observation's value, evaluated with the item's QuestionnaireResponse item as context (e.g. the answer of a child item, or the mean of several answers rounded to one decimal). Empty result: no Observation is extracted for the item."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(Questionnaire.item)
* value[x] 1..1
* value[x] only Expression
* value[x] ^short = "FHIRPath expression of the value"
* value[x] ^definition = "A text/fhirpath Expression; its context is the QuestionnaireResponse item with the same linkId as the Questionnaire item."
* valueExpression.language = #text/fhirpath
* valueExpression.language ^short = "FHIRPath"
* valueExpression.language ^definition = "Fixed: the expression is FHIRPath (text/fhirpath)."
* valueExpression.expression 1..1
* valueExpression.expression ^short = "The expression"
* valueExpression.expression ^definition = "FHIRPath with the QuestionnaireResponse item as context; %resource is the whole response."
