Profile: TargetReferralRequest
Parent: ServiceRequest
Id: target-referral-request
Title: "TARGET Referral Request"
Description: """
A referral from the practice to a partner in its network, with the partner category, the reason, the goals it
serves and the patient's consent to share. The other conversation drafts it (`draft`, possibly without consent
and partner yet); the referral workflow completes it, and from then on it carries both (target-ref-2). The
partner's work on it is tracked by a TargetReferralTask.
"""
* insert TargetConformanceMetadata
* obeys target-ref-1 and target-ref-2
* extension contains TargetReferralConsent named consent 0..1 MS
* extension[consent] ^short = "The patient's consent to share with the partner"
* extension[consent] ^definition = "No referral leaves the practice without the patient's consent to share its data with the partner: only a draft may lack it (target-ref-2)."
* basedOn MS
* basedOn only Reference(TargetHealthPlan)
* basedOn ^short = "The health plan"
* basedOn ^definition = "The health plan the referral is part of."
* status ^short = "draft (from the conversation) | active | on-hold | revoked | completed …"
* status ^definition = "`draft` while the referral is drafted in the conversation and not yet sent; `active` once it is sent with consent to a partner."
* intent = #order
* intent ^short = "order"
* intent ^definition = "Fixed: a referral asks the partner to act."
* category 1..1 MS
* category from TargetPartnerCategoryValueSet (required)
* category ^short = "Partner category"
* category ^definition = "The kind of partner the patient is referred to."
* code 1..1
* code = $SCT#3457005 "Patient referral"
* code ^short = "Patient referral"
* code ^definition = "Fixed: this request is a referral."
* insert TargetPatientSubject
* encounter MS
* encounter only Reference(TargetOtherConversationEncounter)
* encounter ^short = "The other conversation"
* encounter ^definition = "The conversation in which the referral was agreed."
* authoredOn 1..1 MS
* authoredOn ^short = "When the referral was made"
* authoredOn ^definition = "The date the referral was made."
* requester 1..1 MS
* requester only Reference(TargetPractitioner or PractitionerRole or TargetPracticeOrganization)
* requester ^short = "Who refers"
* requester ^definition = "The practice worker (or the practice) that refers."
* performer 0..* MS
* performer only Reference(TargetPartnerService or TargetPartnerOrganization)
* performer ^short = "The partner"
* performer ^definition = "The partner service (or organisation) the patient is referred to; a draft may leave it open (target-ref-2)."
* reasonCode MS
* reasonCode ^short = "Reason, in words"
* reasonCode ^definition = "Why the patient is referred, as discussed with them."
* reasonReference MS
* reasonReference only Reference(Condition or Observation)
* reasonReference ^short = "Reason, as a Condition or Observation"
* reasonReference ^definition = "For example the Positive Health dimension score the referral is about."
* supportingInfo MS
* supportingInfo only Reference(TargetCareGoal or TargetLifeGoal)
* supportingInfo ^short = "The goals the referral serves"
* supportingInfo ^definition = "The patient's care (and life) goals, so the partner knows what matters to them."
