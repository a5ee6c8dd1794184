Instance: TargetCareBurdenObservationExample
InstanceOf: TargetCareBurdenObservation
Usage: #example
Title: "Care burden of the test patient on 2025-01-01"
Description: "8 consults, 2 long consults, 1 home visit and 6 telephone consults in the 365 days before 2025-01-01, with the default weights: 8×1.0 + 2×2.0 + 1×1.5 + 6×0.5 = 16.5. Two chronic diseases, category high, HNHC. Marked as test data."
* id = "target-care-burden-observation-example"
* insert TargetTestData
* extension[qualifyingCondition][0].valueReference = Reference(TargetConditionDiabetesExample)
* extension[qualifyingCondition][+].valueReference = Reference(TargetConditionCopdExample)
* extension[settingsUsed].valueReference.reference = "Basic/target-practice-settings-example/_history/1"
* status = #final
* subject = Reference(TargetPatientExample)
* effectivePeriod.start = "2024-01-02"
* effectivePeriod.end = "2024-12-31"
* issued = "2025-01-01T06:00:00+01:00"
* valueQuantity.value = 16.5
* valueQuantity.unit = "weighted contacts"
* component[category].valueCodeableConcept = TargetCareBurdenCategoryCodeSystem#high "Hoog"
* component[hnhc].valueBoolean = true
* component[chronicConditionCount].valueInteger = 2
* insert TargetContactCount(consult, 8, 8.0)
* insert TargetContactCount(consult-long, 2, 4.0)
* insert TargetContactCount(visit, 1, 1.5)
* insert TargetContactCount(phone, 6, 3.0)
