Extension: TargetGrrow
Id: target-grrow
Title: "TARGET GRROW"
Description: "Optional GRROW notes on a care goal: Goal (the Goal resource itself), Reality, Resources, Options and Will (the agreed way forward), each in the patient's own words. GRROW is a method for teams setting project goals; using it for a patient's care goal is our adaptation (an assumption of TARGET on FHIR, not part of the programme's method)."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(Goal)
* extension contains reality 0..1 and resources 0..1 and options 0..1 and will 0..1
* extension[reality] ^short = "Reality: where the patient stands now"
* extension[reality] ^definition = "The current situation as the patient sees it."
* extension[reality].value[x] only string
* extension[reality].value[x] ^short = "In the patient's words"
* extension[reality].value[x] ^definition = "Free text, as the patient put it."
* extension[resources] ^short = "Resources: what the patient can build on"
* extension[resources] ^definition = "Strengths, own network and means the patient can use."
* extension[resources].value[x] only string
* extension[resources].value[x] ^short = "In the patient's words"
* extension[resources].value[x] ^definition = "Free text, as the patient put it."
* extension[options] ^short = "Options: possible ways forward"
* extension[options] ^definition = "The options considered, including the three good questions of shared decision making."
* extension[options].value[x] only string
* extension[options].value[x] ^short = "In the patient's words"
* extension[options].value[x] ^definition = "Free text, as the patient put it."
* extension[will] ^short = "Will: the agreed way forward"
* extension[will] ^definition = "What the patient has decided to do."
* extension[will].value[x] only string
* extension[will].value[x] ^short = "In the patient's words"
* extension[will].value[x] ^definition = "Free text, as the patient put it."
* value[x] 0..0
