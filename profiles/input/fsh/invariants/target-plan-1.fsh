// Compares the logical patient (`Patient/{id}`), so an absolute, relative or version-specific reference to
// the same patient passes. Only matches() and replaceMatches() are used: @medplum/core (the server's
// validator) and HL7's fhirpath.js both implement them, and `$2` is the JavaScript group reference both use.
Invariant: target-plan-1
Description: "The patient in charge of the plan (author) is the patient the plan is for (subject): the same Patient/{id}, whether the references are absolute, relative or version-specific."
Expression: "author.reference.exists() and subject.reference.exists() and author.reference.replaceMatches('^(.*/)?(Patient/[^/]+)(/_history/[^/]+)?$', '$2') = subject.reference.replaceMatches('^(.*/)?(Patient/[^/]+)(/_history/[^/]+)?$', '$2')"
Severity: #error
