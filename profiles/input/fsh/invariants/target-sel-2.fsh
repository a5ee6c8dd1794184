Invariant: target-sel-2
Description: "The quantity of a selection equals its number of members."
Expression: "quantity.exists() implies quantity = member.count()"
Severity: #error
