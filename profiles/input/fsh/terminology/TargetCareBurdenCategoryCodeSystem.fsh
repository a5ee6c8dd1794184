CodeSystem: TargetCareBurdenCategoryCodeSystem
Id: target-care-burden-category
Title: "TARGET Care Burden Category Code System"
Description: """
Care burden categories within the practice's chronically ill population. The thresholds named in the
definitions are the defaults; percentiles or fixed thresholds are practice settings.
"""
* insert TargetCodeSystemDefaults
* #high "Hoog" "Care burden at or above the 90th percentile of the practice's chronic population (default)."
* #medium "Midden" "Care burden at or above the mean and below the 90th percentile (default)."
* #low "Laag" "Care burden below the mean (default)."
* #new "Nieuw" "New patient: the earliest qualifying chronic condition (onset, else recorded date) lies within 365 days of the reference date (default). Shown apart, because diagnostic work-up inflates the care burden."
