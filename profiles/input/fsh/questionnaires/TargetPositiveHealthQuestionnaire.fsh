Instance: TargetPositiveHealthQuestionnaire
InstanceOf: Questionnaire
Usage: #definition
Title: "TARGET Positive Health Questionnaire"
Description: "One 0–10 grade per Positive Health dimension, whether the person wants to talk about it, and what matters to them."
* id = "target-positive-health"
* name = "TargetPositiveHealthQuestionnaire"
* title = "TARGET Positive Health Questionnaire"
* version = "1.0.0"
* status = #draft
* experimental = false
* publisher = "TARGET on FHIR project"
* jurisdiction = urn:iso:std:iso:3166#NL "Netherlands"
* language = #nl
* subjectType = #Patient
* description = """
Short Positive Health questionnaire for the other conversation: the person grades each of the six dimensions
directly (0–10), ticks the dimensions they want to talk about, and says what matters to them and what a good
day looks like. It carries no item texts of the Institute for Positive Health's dialogue tool; a licensed
practice can load the institute's fuller questionnaire as data instead (extraction then averages the items
per dimension). There is no total score.

Each dimension group is annotated for SDC observation-based extraction (sdc-questionnaire-observationExtract,
with the dimension as item code) and carries TargetObservationExtractValue and
TargetObservationExtractComponent: QuestionnaireResponse/$extract turns the answers into one
TargetPositiveHealthDimensionObservation per answered dimension and a TargetPositiveHealthPanelObservation.
No grade is required: a dimension left out is not extracted (never as a zero). A response names this
Questionnaire as canonical|version.
"""
* insert TargetPositiveHealthItems(bodily-functions, Lichaamsfuncties)
* insert TargetPositiveHealthItems(mental-wellbeing, Mentaal welbevinden)
* insert TargetPositiveHealthItems(meaningfulness, Zingeving)
* insert TargetPositiveHealthItems(quality-of-life, Kwaliteit van leven)
* insert TargetPositiveHealthItems(participation, Meedoen)
* insert TargetPositiveHealthItems(daily-functioning, Dagelijks functioneren)
* item[+].linkId = "what-matters"
* item[=].text = "Wat vindt u belangrijk in uw leven?"
* item[=].type = #text
* item[+].linkId = "good-day"
* item[=].text = "Hoe ziet een goede dag er voor u uit?"
* item[=].type = #text
