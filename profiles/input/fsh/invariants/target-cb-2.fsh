Invariant: target-cb-2
Description: "Contact counts and weighted sums are zero or more."
Expression: "component.value.ofType(integer).all($this >= 0) and component.extension.value.ofType(decimal).all($this >= 0)"
Severity: #error
