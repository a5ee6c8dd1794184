CodeSystem: TargetPositiveHealthDimensionCodeSystem
Id: target-positive-health-dimension
Title: "TARGET Positive Health Dimension Code System"
Description: """
The six dimensions of Positive Health (Machteld Huber, Institute for Positive Health), each scored 0–10.
There is no official total score. The item texts of the institute's dialogue tool are not part of this code
system or of any TARGET artefact.
"""
* insert TargetCodeSystemDefaults
* #bodily-functions "Lichaamsfuncties" "Bodily functions."
* #mental-wellbeing "Mentaal welbevinden" "Mental well-being."
* #meaningfulness "Zingeving" "Meaningfulness."
* #quality-of-life "Kwaliteit van leven" "Quality of life."
* #participation "Meedoen" "Participation."
* #daily-functioning "Dagelijks functioneren" "Daily functioning."
