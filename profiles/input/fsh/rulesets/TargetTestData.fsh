// Marks an example as test data (v3 ActReason HTEST, "test health data"): no real person is described.
RuleSet: TargetTestData
* meta.security = $ActReason#HTEST "test health data"
