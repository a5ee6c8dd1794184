Instance: TargetWorklistOperation
InstanceOf: OperationDefinition
Usage: #definition
Title: "TARGET Werklijst van een selectie (practice worklist of a selection)"
Description: """
Group/[id]/$worklist: one page of a selection Group's members (TargetSelectionGroup) for the practice
worklist, filtered and sorted on the server, so an app never loads a Group of 100,000 members whole. Each
member comes with the patient's name, birth date, score, category, HNHC flag, subgroup (an approximation),
qualifying chronic conditions, the last other conversation held and the latest invitation
(TargetInvitationTask). The answer also carries the number of members that match the filter, the care
burden histogram of the whole selection and the cut-offs (mean, high) of the settings version that made it.
Only the practice that owns the Group (managingEntity) may run it. At type level (Group/$worklist) it
answers for the practice's latest selection (latest reference date), so an app finds it without searching
Groups (a search reads each 100,000-member Group whole on the server).
"""
* id = "Group-worklist"
* name = "TargetWorklistOperation"
* insert TargetOperationDefaults
* affectsState = false
* code = #worklist
* resource = #Group
* system = false
* type = true
* instance = true
* insert TargetOperationParameter(practice, in, 0, 1, Reference)
* parameter[=].targetProfile = Canonical(TargetPracticeOrganization)
* parameter[=].documentation = "Type level only: the practice whose latest selection to page through; a practice user's own when absent (a practice user may name only their own)."

* insert TargetOperationParameter(category, in, 0, *, code)
* parameter[=].documentation = "Only members in these care burden categories (low, medium, high, new); all when absent."
* insert TargetOperationParameter(subgroup, in, 0, *, code)
* parameter[=].documentation = "Only members in these subgroups (TargetSubgroupCodeSystem; unclassified included); all when absent."
* insert TargetOperationParameter(hnhc, in, 0, 1, boolean)
* parameter[=].documentation = "true: only high-need high-cost members; false: only the others."
* insert TargetOperationParameter(invited, in, 0, 1, boolean)
* parameter[=].documentation = "true: only members with an invitation of this practice that is not cancelled; false: only the others."
* insert TargetOperationParameter(_sort, in, 0, 1, string)
* parameter[=].documentation = "score, name (Dutch surname order: own name without voorvoegsels, 'de Vries' under V), category or birthdate; a leading '-' sorts descending. Default -score."
* insert TargetOperationParameter(_count, in, 0, 1, integer)
* parameter[=].documentation = "Members per page, 0 to 1000; default 50 (0: only the total, histogram and cut-offs)."
* insert TargetOperationParameter(_offset, in, 0, 1, integer)
* parameter[=].documentation = "How many matching members to skip (zero or more); default 0."
* insert TargetOperationParameter(group, out, 0, 1, Reference)
* parameter[=].targetProfile = Canonical(TargetSelectionGroup)
* parameter[=].documentation = "The selection Group paged through; absent (with total 0) when the practice has no selection yet."
* insert TargetOperationParameter(members, out, 0, 1, integer)
* parameter[=].documentation = "All members of the Group, whatever the filter."
* insert TargetOperationParameter(total, out, 1, 1, integer)
* parameter[=].documentation = "Members that match the filter (all pages)."
* insert TargetOperationParameter(referenceDate, out, 0, 1, date)
* parameter[=].documentation = "The Group's reference date."
* insert TargetOperationParameter(settingsUsed, out, 0, 1, Reference)
* parameter[=].targetProfile = Canonical(TargetPracticeSettings)
* parameter[=].documentation = "The settings version that made the Group (Basic/[id]/_history/[version])."
* insert TargetOperationParameter(mean, out, 0, 1, decimal)
* parameter[=].documentation = "Mean care burden of the selection's population (members not in category new); absent when empty."
* insert TargetOperationParameter(high, out, 0, 1, decimal)
* parameter[=].documentation = "Care burden at or above which the category is high (P90 by default); absent when the population is empty."
* insert TargetOperationParameter(medium, out, 0, 1, decimal)
* parameter[=].documentation = "Care burden at or above which the category is medium (the mean by default); absent when the population is empty."
* parameter[+].name = #bin
* parameter[=].use = #out
* parameter[=].min = 0
* parameter[=].max = "*"
* parameter[=].documentation = "One bar of the care burden histogram of all members (whatever the filter), in ascending order."
* insert TargetOperationPart(from, 1, 1, decimal)
* parameter[=].part[=].documentation = "Lowest score in the bar (inclusive)."
* insert TargetOperationPart(to, 1, 1, decimal)
* parameter[=].part[=].documentation = "Upper bound of the bar (exclusive; inclusive for the last bar)."
* insert TargetOperationPart(count, 1, 1, integer)
* parameter[=].part[=].documentation = "Members whose score lies in the bar."
* parameter[+].name = #member
* parameter[=].use = #out
* parameter[=].min = 0
* parameter[=].max = "*"
* parameter[=].documentation = "One member on this page, in the requested order."
* insert TargetOperationPart(patient, 1, 1, Reference)
* parameter[=].part[=].targetProfile = Canonical(TargetPatient)
* parameter[=].part[=].documentation = "The patient."
* insert TargetOperationPart(name, 0, 1, string)
* parameter[=].part[=].documentation = "The patient's name as written (given names, prefix, surname)."
* insert TargetOperationPart(birthDate, 0, 1, date)
* parameter[=].part[=].documentation = "The patient's birth date."
* insert TargetOperationPart(score, 1, 1, decimal)
* parameter[=].part[=].documentation = "Care burden score."
* insert TargetOperationPart(category, 1, 1, code)
* parameter[=].part[=].documentation = "Care burden category."
* insert TargetOperationPart(hnhc, 1, 1, boolean)
* parameter[=].part[=].documentation = "High need, high cost."
* insert TargetOperationPart(subgroup, 0, 1, code)
* parameter[=].part[=].documentation = "Subgroup (a rule-based approximation), when assigned."
* insert TargetOperationPart(condition, 0, *, Coding)
* parameter[=].part[=].documentation = "A qualifying chronic condition of the patient's care burden result (its first coding)."
* insert TargetOperationPart(lastConversation, 0, 1, dateTime)
* parameter[=].part[=].documentation = "Start of the last other conversation held (TargetOtherConversationEncounter)."
* insert TargetOperationPart(invitation, 0, 1, Reference)
* parameter[=].part[=].targetProfile = Canonical(TargetInvitationTask)
* parameter[=].part[=].documentation = "The practice's latest invitation (TargetInvitationTask) of the patient."
* insert TargetOperationPart(invitationStatus, 0, 1, code)
* parameter[=].part[=].documentation = "Its status: requested, accepted, rejected or cancelled."
* insert TargetOperationPart(followUp, 0, 1, Reference)
* parameter[=].part[=].documentation = "The practice's next open follow-up of an other conversation (a Task with code follow-up, status requested, accepted or in progress) of the patient."
* insert TargetOperationPart(followUpDue, 0, 1, date)
* parameter[=].part[=].documentation = "When that follow-up is due."
