Invariant: target-cb-3
Description: "Care burden is only computed for a patient with at least one qualifying chronic disease."
Expression: "component.where(code.coding.where(code = 'chronic-condition-count').exists()).value.ofType(integer).all($this >= 1)"
Severity: #error
