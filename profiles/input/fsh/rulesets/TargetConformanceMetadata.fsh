// Publisher and jurisdiction of every TARGET conformance and terminology resource. SUSHI drops these from
// sushi-config.yaml when FSHOnly is set, so each artefact inserts this RuleSet instead.
RuleSet: TargetConformanceMetadata
* ^publisher = "TARGET on FHIR project"
* ^jurisdiction = urn:iso:std:iso:3166#NL "Netherlands"
