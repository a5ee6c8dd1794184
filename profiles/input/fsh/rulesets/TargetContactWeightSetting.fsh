// A contact-weight setting in a TargetPracticeSettings instance.
RuleSet: TargetContactWeightSetting(contactType, weight)
* extension[setting][+].extension[key].valueCoding = TargetSettingCodeSystem#contact-weight
* extension[setting][=].extension[value].valueDecimal = {weight}
* extension[setting][=].extension[contactType].valueCoding = TargetContactTypeCodeSystem#{contactType}
