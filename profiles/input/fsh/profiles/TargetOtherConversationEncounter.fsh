Profile: TargetOtherConversationEncounter
Parent: Encounter
Id: target-other-conversation-encounter
Title: "TARGET Other Conversation Encounter"
Description: "The other conversation (het andere gesprek): a person-centred conversation about Positive Health, life goals and care goals, at the practice, at home or by video."
* insert TargetConformanceMetadata
* class ^short = "AMB (practice) | HH (home) | VR (video or phone)"
* class ^definition = "Where the conversation was held, as v3 ActCode."
* insert TargetCodedSlice(type, otherConversation, TargetConceptCodeSystem#other-conversation)
* type ^short = "Other conversation"
* type ^definition = "Marks the Encounter as an other conversation."
* type[otherConversation] ^short = "Other conversation"
* type[otherConversation] ^definition = "Fixed: this is an other conversation."
* insert TargetPatientSubject
* participant 1..* MS
* participant ^short = "The practice workers who held the conversation"
* participant ^definition = "The GP, practice nurse or other practice worker who held the conversation."
* participant.individual 1..1
* participant.individual only Reference(TargetPractitioner or PractitionerRole)
* participant.individual ^short = "The practice worker"
* participant.individual ^definition = "The practitioner (or their role) who took part."
* period 1..1 MS
* period.start 1..1
* period.start ^short = "Start of the conversation"
* period.start ^definition = "When the conversation started."
* period ^short = "When the conversation took place"
* period ^definition = "Start (and end) of the conversation."
* reasonReference MS
* reasonReference only Reference(TargetCareBurdenObservation or TargetSubgroupObservation or Condition or Observation)
* reasonReference ^short = "Why the patient was invited"
* reasonReference ^definition = "Usually the care burden Observation that selected the patient."
* serviceProvider MS
* serviceProvider only Reference(TargetPracticeOrganization)
* serviceProvider ^short = "The practice"
* serviceProvider ^definition = "The practice that held the conversation."
