Instance: TargetExtractOperation
InstanceOf: OperationDefinition
Usage: #definition
Title: "TARGET Observaties uit antwoorden (SDC observation-based extraction)"
Description: """
QuestionnaireResponse/$extract, SDC observation-based extraction of the Positive Health answers: one
TargetPositiveHealthDimensionObservation per answered dimension (encounter, performer and method from the
response, effective = authored, the want-to-talk component) and the TargetPositiveHealthPanelObservation.
The Questionnaire is the one the response names as canonical|version (the server's copy); its items carry
the extraction annotations, evaluated with FHIRPath. Observation ids are derived from the response id, so
extracting again gives the same ids.

At type level (POST QuestionnaireResponse/$extract, the response in the body or as the
questionnaire-response parameter) the answer is the transaction Bundle of PUTs; nothing is stored. At
instance level (POST QuestionnaireResponse/[id]/$extract) the stored response is extracted and the
Observations are written in one transaction with the caller's rights (Observation create and update); the
answer is the transaction-response Bundle. Extracting again after the response was amended updates the
same Observations (new versions, no duplicates). A response that does not fit its Questionnaire (unknown
linkId, wrong answer type, a grade outside 0–10) is refused with 422 and nothing is written.
"""
* id = "QuestionnaireResponse-extract"
* name = "TargetExtractOperation"
* insert TargetOperationDefaults
* affectsState = true
* code = #extract
* resource = #QuestionnaireResponse
* system = false
* type = true
* instance = true
* insert TargetOperationParameter(questionnaire-response, in, 0, 1, Resource)
* parameter[=].documentation = "Type level: the QuestionnaireResponse to extract (or send it as the body). Not at instance level: the stored response is used."
* insert TargetOperationParameter(return, out, 1, 1, Bundle)
* parameter[=].documentation = "Type level: the transaction Bundle of PUTs (not stored). Instance level: the transaction-response Bundle of the Observations written."
