Profile: TargetConversationProvenance
Parent: Provenance
Id: target-conversation-provenance
Title: "TARGET Conversation Provenance"
Description: """
Who recorded a finished other conversation, and from what: written in the same transaction as the record. The
author is the practice worker in their role, on behalf of the practice; when the patient filled in their
Positive Health answers beforehand, that response is the source, with the patient as its agent.
"""
* insert TargetConformanceMetadata
* obeys target-prov-1 and target-prov-2
* target 1..* MS
* target ^short = "Every resource of the finished conversation"
* target ^definition = "The Encounter, QuestionnaireResponse, Observations, Goals, CarePlan, referrals and follow-up Task the conversation wrote (version-specific where the version is known)."
* occurred[x] only Period
* occurred[x] MS
* occurred[x] ^short = "The period of the conversation"
* occurred[x] ^definition = "When the conversation took place: the Encounter's period."
* recorded MS
* recorded ^short = "When the record was written"
* recorded ^definition = "When the finished conversation was recorded."
* activity 1..1 MS
* activity from TargetConversationRecordActivityValueSet (required)
* activity ^short = "CREATE | UPDATE"
* activity ^definition = "Whether the record was created, or revised after a correction."
* agent ^slicing.discriminator.type = #pattern
* agent ^slicing.discriminator.path = "type"
* agent ^slicing.rules = #open
* agent ^short = "Who recorded it"
* agent ^definition = "The author (the practice worker in their role, for the practice), and anyone else involved."
* agent contains author 1..1 MS
* agent[author] ^short = "The practice worker who held the conversation"
* agent[author] ^definition = "The author of the record: a PractitionerRole, on behalf of the practice."
* agent[author].type 1..1
* agent[author].type = $ProvenanceParticipantType#author
* agent[author].type ^short = "author"
* agent[author].type ^definition = "Fixed: the author of the record."
* agent[author].who only Reference(PractitionerRole)
* agent[author].who ^short = "The practice worker, in their role"
* agent[author].who ^definition = "The PractitionerRole of the GP or practice nurse who held the conversation."
* agent[author].onBehalfOf 1..1 MS
* agent[author].onBehalfOf only Reference(TargetPracticeOrganization)
* agent[author].onBehalfOf ^short = "The practice"
* agent[author].onBehalfOf ^definition = "The practice the author works for."
* entity MS
* entity ^short = "The patient's own answers, when they gave them beforehand"
* entity ^definition = "The QuestionnaireResponse the patient filled in before the conversation, used as the source of the record."
* entity.role = #source
* entity.role ^short = "source"
* entity.role ^definition = "Fixed: the entity is a source of the record."
* entity.what only Reference(TargetPositiveHealthQuestionnaireResponse)
* entity.what ^short = "The patient's own QuestionnaireResponse"
* entity.what ^definition = "The Positive Health answers the patient gave beforehand."
* entity.agent MS
* entity.agent ^short = "Who gave the source answers"
* entity.agent ^definition = "The patient (or a relative for them) who filled in the answers."
* entity.agent.who only Reference(TargetPatient or RelatedPerson)
* entity.agent.who ^short = "The patient"
* entity.agent.who ^definition = "The patient who filled in the answers (or a relative for them)."
