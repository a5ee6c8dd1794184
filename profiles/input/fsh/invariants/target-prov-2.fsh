// R4 Provenance has no element for the patient; R5 added Provenance.patient. We carry it as R5's cross-version
// extension, and the server indexes it under R4's `patient` search parameter, so a Provenance lies in its
// patient's compartment (access rules, $everything-style export) instead of in no one's.
Invariant: target-prov-2
Description: "A conversation record's Provenance names the patient whose record it is (R5 Provenance.patient, as its cross-version extension)."
Expression: "extension.where(url = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Provenance.patient').value.ofType(Reference).reference.exists()"
Severity: #error
