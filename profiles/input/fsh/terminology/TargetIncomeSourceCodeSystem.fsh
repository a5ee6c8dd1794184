CodeSystem: TargetIncomeSourceCodeSystem
Id: target-income-source
Title: "TARGET Income Source Code System"
Description: """
The patient's main source of income (bron van inkomen), recorded as the value of a social-history Observation
with code TargetObservationCodeSystem#income-source. The subgroup rules read it to tell employed
middle-aged adults from those dependent on social welfare.
"""
* insert TargetCodeSystemDefaults
* #employed "Werkend" "Income from paid work, employed or self-employed."
* #benefit "Uitkering" "Income from a social-security or welfare benefit (bijstand, WW, WIA/WAO, Wajong)."
* #retired "Pensioen" "Income from a state or occupational pension (AOW)."
