CodeSystem: TargetObservationCodeSystem
Id: target-observation
Title: "TARGET Observation Code System"
Description: "Codes of the Observations TARGET computes or records, and of their components. Positive Health dimension scores use the dimension code itself (TargetPositiveHealthDimensionCodeSystem)."
* insert TargetCodeSystemDefaults
* #care-burden "Zorgzwaarte" "Care burden: the weighted sum of the patient's GP contacts in the counted window, for patients with at least one qualifying chronic disease."
* #care-burden-category "Zorgzwaartecategorie" "The patient's care burden category (low, medium, high or new) within the practice's chronic population."
* #hnhc "High need, high cost" "Whether the patient meets the high-need high-cost rule (Smeets et al. 2020): chronically ill and either in the top 10% of care use, or multimorbid (two or more chronic diseases) with above-average care use."
* #chronic-condition-count "Aantal chronische ziekten" "Number of distinct diseases of the chronic-disease list the patient has (active, confirmed Conditions)."
* #subgroup "Subgroep (benadering)" "The patient's high-need high-cost subgroup, assigned by TARGET's rule-based approximation."
* #subgroup-reason "Reden van indeling" "Why the subgroup rules gave this result, in plain words."
* #missing-data "Ontbrekend gegeven" "A piece of data the subgroup rules needed but did not find."
* #household "Woonsituatie" "How the patient lives (TargetHouseholdCodeSystem): a social-history Observation the subgroup rules read."
* #income-source "Bron van inkomen" "The patient's main source of income (TargetIncomeSourceCodeSystem): a social-history Observation the subgroup rules read."
* #positive-health "Positieve Gezondheid" "Positive Health panel: the six dimension scores of one conversation (the spider web)."
* #want-to-talk "Wil hierover praten" "The person wants to talk about this dimension."
* #self-assessment "Zelf ingevuld" "The person filled in the answers on their own (the QuestionnaireResponse's author is the patient)."
* #assessed-in-conversation "Samen in het gesprek" "The answers were given together with a practice worker in the conversation (the author is the GP or POH)."
