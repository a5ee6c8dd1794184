CodeSystem: TargetPracticeRoleCodeSystem
Id: target-practice-role
Title: "TARGET Practice Role Code System"
Description: """
Roles of workers in a general practice, as PractitionerRole.code. An Encounter with a participant who holds
the role `practice-nurse` or `practice-nurse-mental-health` (directly as PractitionerRole, or as the
Practitioner of such a PractitionerRole) is a practice nurse (POH) contact; whether those count for the care
burden is a practice setting.
"""
* insert TargetCodeSystemDefaults
* #gp "Huisarts" "General practitioner."
* #practice-nurse "POH-somatiek" "Practice nurse for chronic somatic care (praktijkondersteuner somatiek)."
* #practice-nurse-mental-health "POH-GGZ" "Practice nurse for mental health (praktijkondersteuner GGZ)."
* #assistant "Doktersassistent" "Practice assistant."
