Invariant: target-qr-1
Description: "The response names the questionnaire with its version (canonical|version), so the answers can always be read against the exact items that were asked."
Expression: "questionnaire.matches('^[^|]+[|][^|]+$')"
Severity: #error
