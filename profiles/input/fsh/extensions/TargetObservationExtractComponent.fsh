Extension: TargetObservationExtractComponent
Id: target-observation-extract-component
Title: "TARGET Observation Extract Component"
Description: "On a Questionnaire item marked for SDC observation-based extraction: one component of the extracted Observation, its code and the FHIRPath expression that gives its value (context: the item's QuestionnaireResponse item). Empty result: the component is left out."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(Questionnaire.item)
* extension contains code 1..1 and value 1..1
* extension[code] ^short = "Component code"
* extension[code] ^definition = "Observation.component.code of the component."
* extension[code].value[x] only Coding
* extension[code].value[x] ^short = "The code"
* extension[code].value[x] ^definition = "System and code of the component."
* extension[value] ^short = "FHIRPath expression of the value"
* extension[value] ^definition = "A text/fhirpath Expression; its context is the QuestionnaireResponse item with the same linkId as the Questionnaire item."
* extension[value].value[x] only Expression
* extension[value].value[x] ^short = "The expression"
* extension[value].value[x] ^definition = "Evaluated per response; a boolean, integer, decimal, string or Coding result becomes the component's value."
* extension[value].valueExpression.language = #text/fhirpath
* extension[value].valueExpression.language ^short = "FHIRPath"
* extension[value].valueExpression.language ^definition = "Fixed: the expression is FHIRPath (text/fhirpath)."
* extension[value].valueExpression.expression 1..1
* extension[value].valueExpression.expression ^short = "The expression"
* extension[value].valueExpression.expression ^definition = "FHIRPath with the QuestionnaireResponse item as context; %resource is the whole response."
* value[x] 0..0
