Invariant: target-plan-1
Description: "The patient in charge of the plan (author) is the patient the plan is for (subject)."
Expression: "author.reference = subject.reference"
Severity: #error
