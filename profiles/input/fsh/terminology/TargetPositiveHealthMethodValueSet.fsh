ValueSet: TargetPositiveHealthMethodValueSet
Id: target-positive-health-method
Title: "TARGET Positive Health Method Value Set"
Description: "How the Positive Health scores were given: by the person on their own, or together in the conversation."
* insert TargetValueSetDefaults
* TargetObservationCodeSystem#self-assessment "Zelf ingevuld"
* TargetObservationCodeSystem#assessed-in-conversation "Samen in het gesprek"
