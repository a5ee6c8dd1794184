Invariant: target-org-1
Description: "A practice has at least one identifier with a system and a value: its AGB code or another system's identifier."
Expression: "identifier.where(system.exists() and value.exists()).exists()"
Severity: #error
