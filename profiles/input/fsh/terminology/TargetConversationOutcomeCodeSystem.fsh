CodeSystem: TargetConversationOutcomeCodeSystem
Id: target-conversation-outcome
Title: "TARGET Conversation Outcome Code System"
Description: "Outcome of an \"other conversation\" (het andere gesprek). When the patient both acts themselves and is referred, the outcome is `referral`."
* insert TargetCodeSystemDefaults
* #no-referral "Geen verwijzing nodig" "No referral needed."
* #own-action "Eigen actie van de patiënt" "The patient acts themselves, possibly with their own network; no referral."
* #referral "Verwijzing" "One or more referrals to a partner."
