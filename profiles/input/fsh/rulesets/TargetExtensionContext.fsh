// Adds one element context to an Extension definition.
RuleSet: TargetExtensionContext(path)
* ^context[+].type = #element
* ^context[=].expression = "{path}"
