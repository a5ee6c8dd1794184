Extension: TargetWeightedSum
Id: target-weighted-sum
Title: "TARGET Weighted Sum"
Description: "The weighted sum of the contacts of one contact type: the count of the component times the practice's weight for that type."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(Observation.component)
* value[x] 1..1
* value[x] only decimal
* value[x] ^short = "Count × weight"
* value[x] ^definition = "The contribution of this contact type to the care burden score: the number of counted contacts times the contact weight in the practice settings used."
