// Every TARGET OperationDefinition: the common metadata (as TargetConformanceMetadata, without the caret an
// Instance does not take), and the package's version and status. SUSHI sets the url of a #definition
// instance from the canonical base, but neither its version nor its status; tests/profiles/conventions.test.ts
// checks that they match sushi-config.yaml.
RuleSet: TargetOperationDefaults
* publisher = "TARGET on FHIR project"
* jurisdiction = urn:iso:std:iso:3166#NL "Netherlands"
* version = "0.1.0"
* status = #draft
* experimental = false
* kind = #operation
