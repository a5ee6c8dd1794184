Profile: TargetPositiveHealthPanelObservation
Parent: Observation
Id: target-positive-health-panel-observation
Title: "TARGET Positive Health Panel Observation"
Description: "The spider web of one conversation: a panel whose members are the dimension Observations (six, or fewer when some dimensions were not answered). It has no value: Positive Health has no official total score, and none may be computed."
* insert TargetConformanceMetadata
* insert TargetCodedSlice(category, survey, $ObservationCategory#survey)
* category ^short = "Survey"
* category ^definition = "Scores come from a questionnaire answered by (or with) the person."
* category[survey] ^short = "Survey"
* category[survey] ^definition = "Fixed: a survey result."
* code = TargetObservationCodeSystem#positive-health
* code ^short = "Positive Health panel"
* code ^definition = "Fixed: the six Positive Health dimension scores of one conversation."
* insert TargetPatientSubject
* effective[x] 1..1
* effective[x] only dateTime
* effective[x] ^short = "When the questionnaire was answered"
* effective[x] ^definition = "The date (and time) of the answers."
* value[x] 0..0
* value[x] ^short = "No total score"
* value[x] ^definition = "Not used: Positive Health has no official total score."
* dataAbsentReason 0..0
* dataAbsentReason ^short = "Not used"
* dataAbsentReason ^definition = "Not used: the panel never has a value."
* encounter MS
* encounter only Reference(TargetOtherConversationEncounter)
* encounter ^short = "The other conversation"
* encounter ^definition = "The conversation the answers were given for (the QuestionnaireResponse's encounter)."
* hasMember 1..6
* hasMember only Reference(TargetPositiveHealthDimensionObservation)
* hasMember ^short = "The dimension scores (one to six)"
* hasMember ^definition = "One TargetPositiveHealthDimensionObservation per answered dimension: six for a complete answer, fewer for a partial one (a dimension left out has no score, never a zero)."
* derivedFrom 1..*
* derivedFrom only Reference(QuestionnaireResponse)
* derivedFrom ^short = "The QuestionnaireResponse"
* derivedFrom ^definition = "The answers the scores are derived from."
