// The author slice requires onBehalfOf, but @medplum/core does not check cardinality inside a slice: this
// invariant makes the server enforce it.
Invariant: target-prov-1
Description: "The author of a conversation record is a practice worker acting on behalf of the practice (who and onBehalfOf)."
Expression: "agent.where(type.coding.where(system = 'http://terminology.hl7.org/CodeSystem/provenance-participant-type' and code = 'author').exists()).all(who.exists() and onBehalfOf.exists())"
Severity: #error
