Instance: TargetSubgroupObservationExample
InstanceOf: TargetSubgroupObservation
Usage: #example
Title: "Subgroup of the test patient (approximation)"
Description: "Older adult living with a partner, by the rule-based approximation. Marked as test data."
* id = "target-subgroup-observation-example"
* insert TargetTestData
* extension[settingsUsed].valueReference.reference = "Basic/target-practice-settings-example/_history/1"
* status = #final
* subject = Reference(TargetPatientExample)
* effectiveDateTime = "2025-01-01"
* valueCodeableConcept = TargetSubgroupCodeSystem#older-with-partner "Ouderen, samenwonend met partner"
* component[reason].valueString = "73 jaar (oudere vanaf 65); woont samen met partner (burgerlijke staat: gehuwd). Benadering, geen officiële indeling."
