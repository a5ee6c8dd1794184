Profile: TargetPartnerOrganization
Parent: Organization
Id: target-partner-organization
Title: "TARGET Partner Organization"
Description: "A partner in the practice's network (welfare, social domain, mental health and others) that patients can be referred to. What it offers is described by TargetPartnerService."
* insert TargetConformanceMetadata
* name 1..1 MS
* name ^short = "Name of the partner"
* name ^definition = "The name of the partner organisation."
* telecom MS
* telecom ^short = "How the practice reaches the partner"
* telecom ^definition = "Telephone, e-mail or web address of the partner."
* endpoint MS
* endpoint ^short = "FHIR endpoint of the partner"
* endpoint ^definition = "Where the partner receives referral Tasks, when it has a FHIR endpoint of its own."
