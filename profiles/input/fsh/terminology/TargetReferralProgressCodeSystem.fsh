CodeSystem: TargetReferralProgressCodeSystem
Id: target-referral-progress
Title: "TARGET Referral Progress Code System"
Description: "Business status of a referral Task, beside Task.status: the milestones the programme evaluates (time to the partner's first contact; patient resistance as a barrier)."
* insert TargetCodeSystemDefaults
* #first-contact "Eerste contact gehad" "The partner has had a first contact with the patient."
* #patient-declined "Patiënt ziet af van verwijzing" "The patient does not (or no longer) want the referral."
