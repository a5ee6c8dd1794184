// Anchored patterns: @medplum/core's matches() finds a match anywhere in the string, as fhirpath.js does.
Invariant: target-enc-2
Description: "Every Observation the conversation gives as its reason is referenced version-specifically (Observation/{id}/_history/{vid}), so the reason stays the result the patient was invited on, even when the Observation is recomputed later."
Expression: "reasonReference.reference.where(matches('^(.*/)?Observation/')).all(matches('^(.*/)?Observation/[^/]+/_history/[^/]+$'))"
Severity: #error
