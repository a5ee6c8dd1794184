CodeSystem: TargetBarrierCodeSystem
Id: target-barrier
Title: "TARGET Barrier Code System"
Description: """
Kinds of barrier that may keep an action of the health plan from happening. `patient-resistance` is named in
the TARGET programme's own findings; the other codes are our default list (an assumption, not sourced), which a
practice may extend: the binding is extensible, and a barrier always may carry text as well.
"""
* insert TargetCodeSystemDefaults
* #patient-resistance "Weerstand bij de patiënt" "The patient does not (yet) want the action, for example a referral."
* #practical "Praktisch (vervoer, tijd)" "Practical obstacles such as transport or time."
* #financial "Geld" "The action costs money the patient does not have, or fears it does."
* #health "Gezondheid" "The patient's health makes the action hard (pain, fatigue, shortness of breath)."
* #language-literacy "Taal of lezen" "Language or low literacy gets in the way."
* #waiting-list "Wachtlijst" "The partner or service has a waiting list."
* #no-offer "Geen passend aanbod" "There is no suitable offer nearby."
* #network "Netwerk kan niet helpen" "The patient's own network cannot help (anymore)."
* #other "Anders" "Another barrier; the text says which."
