ValueSet: TargetReferralProgressValueSet
Id: target-referral-progress
Title: "TARGET Referral Progress Value Set"
Description: "Business statuses of a referral Task."
* insert TargetValueSetDefaults
* include codes from system TargetReferralProgressCodeSystem
