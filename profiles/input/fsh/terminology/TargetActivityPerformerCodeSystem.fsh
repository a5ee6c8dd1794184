CodeSystem: TargetActivityPerformerCodeSystem
Id: target-activity-performer
Title: "TARGET Activity Performer Code System"
Description: "Who carries out an action of the health plan (\"who is involved?\"). Not everything is solved with care: the patient and their own network come first."
* insert TargetCodeSystemDefaults
* #patient "Patiënt zelf" "The patient."
* #own-network "Eigen netwerk" "Family, friends, neighbours or others of the patient's own network."
* #practice "Huisartsenpraktijk" "The GP, practice nurse or another worker of the practice."
* #partner "Partner" "A partner organisation in the practice's network."
