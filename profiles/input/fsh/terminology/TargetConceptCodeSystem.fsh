CodeSystem: TargetConceptCodeSystem
Id: target-concept
Title: "TARGET Concept Code System"
Description: "Codes that mark TARGET resources for what they are (the kind of goal, plan, encounter, task, settings, selection, task output) and the methods TARGET computes with."
* insert TargetCodeSystemDefaults
* #other-conversation "Het andere gesprek" "The other conversation: a person-centred needs assessment about Positive Health, life goals and care goals."
* #life-goal "Levensdoel" "A life goal of the patient (what makes them happy, what a good day looks like)."
* #care-goal "Zorgdoel" "A concrete care goal that serves one of the patient's life goals."
* #health-plan "Gezondheidsplan" "The patient's own care and support plan from the other conversation: goals, actions and who does them."
* #practice-settings "TARGET-praktijkinstellingen" "The TARGET settings of one practice."
* #selection "TARGET-selectie" "A selection of patients by care burden at a reference date."
* #referral-feedback "Terugkoppeling verwijzing" "Feedback from the partner to the practice about a referral."
* #care-burden-method "Gewogen telling van contacten" "Care burden computed as the weighted count of GP contacts with the practice's contact weights."
* #subgroup-approximation "Regelgebaseerde benadering" "Subgroup assigned by rules on age, household and income source: an approximation of the published latent classes, whose class probabilities are not available."
* #invitation "Uitnodiging voor het andere gesprek" "The practice invites a selected patient for the other conversation (a TargetInvitationTask)."
* #follow-up "Vervolgafspraak" "A follow-up appointment agreed in the other conversation, to evaluate the goals and the plan together (a TargetFollowUpTask)."
