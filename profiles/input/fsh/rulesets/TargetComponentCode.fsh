// The fixed code of an Observation component slice.
RuleSet: TargetComponentCode(slice, code)
* component[{slice}].code = {code}
* component[{slice}].code ^short = "Fixed code"
* component[{slice}].code ^definition = "Fixed: identifies this component."
