Instance: TargetInvitationTaskExample
InstanceOf: TargetInvitationTask
Usage: #example
Title: "Invitation for the other conversation"
Description: "The practice invited the patient for the other conversation; marked as test data."
* id = "target-invitation-task-example"
* insert TargetTestData
* status = #requested
* intent = #proposal
* focus = Reference(TargetSelectionGroupExample)
* for = Reference(TargetPatientExample)
* authoredOn = "2025-01-15T09:30:00+01:00"
* requester = Reference(TargetPractitionerExample)
* owner = Reference(TargetPracticeOrganizationExample)
