Invariant: target-pat-1
Description: "A BSN has exactly nine digits."
Expression: "identifier.where(system = 'http://fhir.nl/fhir/NamingSystem/bsn').all(value.matches('^[0-9]{9}$'))"
Severity: #error
