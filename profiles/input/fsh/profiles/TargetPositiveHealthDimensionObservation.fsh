Profile: TargetPositiveHealthDimensionObservation
Parent: Observation
Id: target-positive-health-dimension-observation
Title: "TARGET Positive Health Dimension Observation"
Description: "The score (0–10) of one Positive Health dimension, derived from a QuestionnaireResponse, with whether the person wants to talk about it. One Observation per dimension; there is no total score."
* insert TargetConformanceMetadata
* insert TargetCodedSlice(category, survey, $ObservationCategory#survey)
* category ^short = "Survey"
* category ^definition = "Scores come from a questionnaire answered by (or with) the person."
* category[survey] ^short = "Survey"
* category[survey] ^definition = "Fixed: a survey result."
* code from TargetPositiveHealthDimensionValueSet (required)
* code ^short = "The dimension"
* code ^definition = "Which of the six Positive Health dimensions this score is for."
* insert TargetPatientSubject
* effective[x] 1..1
* effective[x] only dateTime
* effective[x] ^short = "When the questionnaire was answered"
* effective[x] ^definition = "The date (and time) of the answers the score is derived from."
* value[x] 1..1
* value[x] only Quantity
* value[x] obeys target-ph-1
* value[x] ^short = "Score 0–10"
* value[x] ^definition = "The grade the person gave, or the mean of the dimension's items (one decimal) for a fuller questionnaire; 0 to 10."
* insert TargetUcumQuantity(#{score})
* encounter MS
* encounter only Reference(TargetOtherConversationEncounter)
* encounter ^short = "The other conversation"
* encounter ^definition = "The conversation the answers were given for (the QuestionnaireResponse's encounter)."
* performer MS
* performer only Reference(TargetPatient or PractitionerRole or TargetPractitioner or RelatedPerson)
* performer ^short = "Who gave the answers"
* performer ^definition = "The author of the QuestionnaireResponse: the patient (self-assessment) or the practice worker who filled it in with the patient."
* method MS
* method from TargetPositiveHealthMethodValueSet (required)
* method ^short = "Self-assessment or in the conversation"
* method ^definition = "self-assessment when the patient filled in the answers (author is the Patient); assessed-in-conversation when a practice worker did, together with the patient."
* derivedFrom 1..*
* derivedFrom only Reference(QuestionnaireResponse)
* derivedFrom ^short = "The QuestionnaireResponse"
* derivedFrom ^definition = "The answers this score is derived from."
* insert TargetSlicedByCode(component)
* component ^short = "Want to talk about this"
* component ^definition = "Whether the person ticked that they want to talk about this dimension."
* component contains wantToTalk 0..1 MS
* insert TargetComponentCode(wantToTalk, TargetObservationCodeSystem#want-to-talk)
* component[wantToTalk].value[x] 1..1
* component[wantToTalk].value[x] only boolean
* component[wantToTalk].value[x] ^short = "true when the person wants to talk about it"
* component[wantToTalk].value[x] ^definition = "The person's answer."
* component[wantToTalk] ^short = "Wants to talk about this dimension"
* component[wantToTalk] ^definition = "True when the person wants to talk about this dimension in the conversation."
