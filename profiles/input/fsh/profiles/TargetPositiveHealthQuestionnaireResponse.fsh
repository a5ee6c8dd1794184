Profile: TargetPositiveHealthQuestionnaireResponse
Parent: QuestionnaireResponse
Id: target-positive-health-questionnaire-response
Title: "TARGET Positive Health Questionnaire Response"
Description: """
Positive Health answers of one patient: filled in by the patient beforehand, or graded together in the other
conversation. The response names the questionnaire with its version (target-qr-1); the dimension
Observations are extracted from it. A partial answer is allowed: a dimension not answered is left out, never
scored zero.
"""
* insert TargetConformanceMetadata
* obeys target-qr-1
* questionnaire 1..1 MS
* questionnaire ^short = "The questionnaire, as canonical|version"
* questionnaire ^definition = "The Questionnaire answered, with its version (`url|version`, target-qr-1)."
* status MS
* status ^short = "in-progress (a draft) | completed | amended"
* status ^definition = "`in-progress` while the answers are a draft, `completed` when they are given, `amended` when they were changed after that."
* subject 1..1 MS
* subject only Reference(TargetPatient)
* subject ^short = "The patient"
* subject ^definition = "The patient the answers are about."
* encounter MS
* encounter only Reference(TargetOtherConversationEncounter)
* encounter ^short = "The other conversation"
* encounter ^definition = "The conversation the answers were given for or in."
* authored 1..1 MS
* authored ^short = "When the answers were given"
* authored ^definition = "When the answers were given; the extracted Observations take this as their effective time."
* author 1..1 MS
* author only Reference(TargetPatient or PractitionerRole or TargetPractitioner or RelatedPerson)
* author ^short = "Who wrote the answers down"
* author ^definition = "The patient when they filled in the questionnaire themselves; the practice worker when the answers were graded together in the conversation."
* source 1..1 MS
* source only Reference(TargetPatient or PractitionerRole or TargetPractitioner or RelatedPerson)
* source ^short = "Whose answers they are"
* source ^definition = "Who gave the answers: usually the patient, also when a practice worker wrote them down."
