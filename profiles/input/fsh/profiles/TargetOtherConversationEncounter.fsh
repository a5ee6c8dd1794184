Profile: TargetOtherConversationEncounter
Parent: Encounter
Id: target-other-conversation-encounter
Title: "TARGET Other Conversation Encounter"
Description: """
The other conversation (het andere gesprek): a person-centred conversation about Positive Health, life goals
and care goals, at the practice, at home or by video. It is `in-progress` while the conversation is a draft
and `finished` when it is done; a finished conversation records its outcome (target-enc-1), and refers to
the care burden Observation it was held for version-specifically (target-enc-2).
"""
* insert TargetConformanceMetadata
* obeys target-enc-1 and target-enc-2
* extension contains TargetConversationSequence named sequence 1..1 MS and TargetConversationTool named tool 1..1 MS and TargetConversationOutcome named outcome 0..1 MS
* extension[sequence] ^short = "first | follow-up"
* extension[sequence] ^definition = "Whether this is the patient's first other conversation or a follow-up conversation."
* extension[tool] ^short = "positive-health | none | other"
* extension[tool] ^definition = "The tool used to prepare or guide the conversation."
* extension[outcome] ^short = "Outcome: no-referral | own-action | referral"
* extension[outcome] ^definition = "The outcome of the conversation; required once it is finished (target-enc-1). It belongs to the conversation, so a conversation without a plan still counts."
* status ^short = "in-progress (a draft) | finished"
* status ^definition = "`in-progress` while the conversation is recorded as a draft, `finished` when it is done."
* class from TargetConversationClassValueSet (required)
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
* participant.individual only Reference(PractitionerRole)
* participant.individual ^short = "The practice worker, in their role"
* participant.individual ^definition = "The PractitionerRole of the practice worker who took part: its code tells a GP from a practice nurse (POH), which matters for evaluation."
* period 1..1 MS
* period.start 1..1
* period.start ^short = "Start of the conversation"
* period.start ^definition = "When the conversation started."
* period ^short = "When the conversation took place"
* period ^definition = "Start (and end) of the conversation."
* reasonReference MS
* reasonReference only Reference(TargetCareBurdenObservation or TargetSubgroupObservation or Condition or Observation)
* reasonReference ^short = "Why the patient was invited"
* reasonReference ^definition = "Usually the care burden Observation that selected the patient, referenced version-specifically (`Observation/{id}/_history/{vid}`, target-enc-2)."
* serviceProvider MS
* serviceProvider only Reference(TargetPracticeOrganization)
* serviceProvider ^short = "The practice"
* serviceProvider ^definition = "The practice that held the conversation."
