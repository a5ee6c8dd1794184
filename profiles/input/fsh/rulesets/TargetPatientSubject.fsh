// The patient the resource is about, for every resource with a `subject`.
RuleSet: TargetPatientSubject
* subject 1..1
* subject only Reference(TargetPatient)
* subject ^short = "The patient"
* subject ^definition = "The patient of the practice this resource is about."
