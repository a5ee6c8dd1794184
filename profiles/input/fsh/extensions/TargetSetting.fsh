Extension: TargetSetting
Id: target-setting
Title: "TARGET Setting"
Description: "One setting of a practice's TARGET settings: a key from TargetSettingCodeSystem and its value; contact weights also name their contact type, extra chronic-disease codes their disease."
* insert TargetConformanceMetadata
* insert TargetExtensionContext(Basic)
* extension contains key 1..1 and value 1..1 and contactType 0..1 and disease 0..1
* extension[key] ^short = "Setting key"
* extension[key] ^definition = "Which setting this is."
* extension[key].value[x] only Coding
* extension[key].value[x] from TargetSettingValueSet (required)
* extension[key].value[x] ^short = "Key from TargetSettingCodeSystem"
* extension[key].value[x] ^definition = "The setting's key."
* extension[value] ^short = "Setting value"
* extension[value] ^definition = "The value of the setting, of the type its key's definition names."
* extension[value].value[x] only decimal or integer or boolean or code or canonical or Coding
* extension[value].value[x] ^short = "The value"
* extension[value].value[x] ^definition = "Of the type the key's definition names."
* extension[contactType] ^short = "Contact type (contact-weight only)"
* extension[contactType] ^definition = "The contact type a `contact-weight` setting applies to."
* extension[contactType].value[x] only Coding
* extension[contactType].value[x] from TargetContactTypeValueSet (required)
* extension[contactType].value[x] ^short = "Contact type"
* extension[contactType].value[x] ^definition = "The contact type of a contact-weight setting."
* extension[disease] ^short = "Chronic disease (chronic-disease-code only)"
* extension[disease] ^definition = "The chronic disease a `chronic-disease-code` setting's code counts for."
* extension[disease].value[x] only Coding
* extension[disease].value[x] from TargetChronicDiseaseValueSet (required)
* extension[disease].value[x] ^short = "Chronic disease"
* extension[disease].value[x] ^definition = "One of the 28 chronic diseases."
* value[x] 0..0
