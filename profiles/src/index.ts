// The TARGET mapping module: canonical URLs and codes generated from the profiles, the external systems
// they use, and a pure builder and reader per profiled resource. Server and app import it from here.
//
// Browser-safe: nothing here touches node:*, so the SMART app can bundle it. The validator and the package
// readers read the committed package from disk; they are exported from ./node.ts.
//
// Conventions of every builder/reader pair (see builders/read-error.ts):
// - `build…(input)` is pure: ids, dates and references all come in the input; meta.profile is set; codes
//   carry the Dutch display of their CodeSystem; an optional value that is absent, or an empty list, is
//   left out of the resource.
// - `read…(resource)` gives back the input: `read…(build…(x))` deep-equals `x`. List fields are always
//   present (possibly empty); absent optional values stay absent. A resource without a part the profile
//   requires throws a TargetReadError (`tryRead` turns that into undefined).
// - Types are the @types/fhir R4 types (`fhir/r4.js`), so partners can use the module outside Medplum.

export {
  buildCareBurdenObservation,
  type CareBurdenInput,
  type ContactCount,
  readCareBurdenObservation,
} from './builders/care-burden.ts';
export { buildSharingConsent, readSharingConsent, type SharingConsentInput } from './builders/consent.ts';
export {
  buildConversationEncounter,
  CONVERSATION_SETTINGS,
  type ConversationInput,
  type ConversationSetting,
  readConversationEncounter,
} from './builders/conversation.ts';
export type { SettingsVersion } from './builders/elements.ts';
export {
  buildFollowUpTask,
  FOLLOW_UP_STATUSES,
  type FollowUpStatus,
  type FollowUpTaskInput,
  readFollowUpTask,
} from './builders/follow-up-task.ts';
export {
  buildCareGoal,
  buildLifeGoal,
  type CareGoalInput,
  GOAL_ACHIEVEMENTS,
  GOAL_PRIORITIES,
  type GoalAchievementCode,
  type GoalInput,
  type GoalPriorityCode,
  type Grrow,
  type LifeGoalInput,
  readCareGoal,
  readLifeGoal,
} from './builders/goals.ts';
export {
  buildHealthPlan,
  type HealthPlanAction,
  type HealthPlanBarrier,
  type HealthPlanInput,
  type HealthPlanReferral,
  readHealthPlan,
} from './builders/health-plan.ts';
export {
  buildPatient,
  buildPracticeOrganization,
  buildPractitioner,
  isPracticeOrganization,
  type PatientInput,
  type PracticeInput,
  type PractitionerInput,
  practiceFromOrganization,
  readPatient,
  readPracticeOrganization,
  readPractitioner,
} from './builders/identity.ts';
export {
  buildInvitationTask,
  INVITATION_STATUSES,
  type InvitationStatus,
  type InvitationTaskInput,
  readInvitationTask,
} from './builders/invitation-task.ts';
export {
  buildPartnerOrganization,
  buildPartnerService,
  type PartnerOrganizationInput,
  type PartnerServiceInput,
  readPartnerOrganization,
  readPartnerService,
} from './builders/partner.ts';
export {
  buildPositiveHealthDimensionObservation,
  buildPositiveHealthPanelObservation,
  POSITIVE_HEALTH_METHODS,
  type PositiveHealthDimensionInput,
  type PositiveHealthMethod,
  type PositiveHealthPanelInput,
  readPositiveHealthDimensionObservation,
  readPositiveHealthPanelObservation,
} from './builders/positive-health.ts';
export {
  buildPracticeSettings,
  type PracticeDiseaseCode,
  type PracticeSettingsInput,
  readPracticeSettings,
  SETTING_FIELDS,
  type StoredPracticeSettings,
} from './builders/practice-settings.ts';
export {
  buildConversationProvenance,
  type ConversationProvenanceInput,
  type ProvenanceSource,
  RECORD_ACTIVITIES,
  type RecordActivity,
  readConversationProvenance,
} from './builders/provenance.ts';
export {
  buildPositiveHealthResponse,
  type DimensionAnswer,
  type PositiveHealthResponseInput,
  RESPONSE_STATUSES,
  type ResponseStatus,
  readPositiveHealthResponse,
} from './builders/questionnaire-response.ts';
export { TargetReadError, type TargetReadErrorCode, tryRead } from './builders/read-error.ts';
export {
  type LogicalReference,
  logicalReference,
  refersTo,
  sameResource,
  versionSpecificReference,
} from './builders/references.ts';
export { buildReferralRequest, type ReferralInput, readReferralRequest } from './builders/referral.ts';
export { buildReferralTask, type ReferralTaskInput, readReferralTask } from './builders/referral-task.ts';
export {
  buildSelectionGroup,
  isSelectionGroup,
  readSelectionGroup,
  type SelectedPatient,
  type SelectionInput,
} from './builders/selection-group.ts';
export {
  buildSubgroupObservation,
  readSubgroupObservation,
  SUBGROUP_INPUTS,
  type SubgroupInput,
  type SubgroupInputName,
} from './builders/subgroup.ts';
export {
  BARRIER_CODES,
  type BarrierCode,
  CONVERSATION_STEPS,
  type ConversationDraft,
  type ConversationPlace,
  type ConversationSequence,
  type ConversationStep,
  type ConversationTool,
  type DraftAction,
  type DraftBarrier,
  type DraftCareGoal,
  type DraftFollowUp,
  type DraftGrrow,
  type DraftLifeGoal,
  type DraftPositiveHealth,
  type DraftProblem,
  type DraftReferral,
  draftProblems,
  type NewConversation,
  newConversationDraft,
  withoutGoal,
} from './conversation/conversation-draft.ts';
export {
  buildConversationResources,
  buildConversationResponse,
  buildConversationTransaction,
  type ConversationRecord,
  type ConversationTransactionOptions,
  dimensionObservationId,
  findOpenConversation,
  provenanceIdOf,
  readConversationDraft,
  readConversationRecord,
  recordResources,
  resumeStep,
  withStoredVersions,
} from './conversation/conversation-record.ts';
export {
  type ConversationDue,
  type ConversationInvitation,
  DEFAULT_INVITATION,
  HELD_ENCOUNTER_STATUSES,
  isSelectedForConversation,
  otherConversationDue,
} from './conversation/due.ts';
// The extraction engine brings fhirpath.js (about 230 kB gzip): the app imports '@target/profiles/extract'
// lazily; this package is free of side effects (package.json), so this re-export costs a bundle nothing
// unless it uses the engine.
export {
  checkResponseAgainstQuestionnaire,
  derivedResourceId,
  type ExtractedItem,
  type ExtractedPositiveHealth,
  type ExtractedValue,
  extractionTransaction,
  extractObservationItems,
  extractPositiveHealth,
  InvalidResponseError,
  OBSERVATION_EXTRACT_URL,
  questionnaireCanonical,
  type ResponseIssue,
  targetPositiveHealthQuestionnaire,
} from './conversation/extract.ts';
export { followUpDueDate, isFollowUpTask, OPEN_FOLLOW_UP_STATUSES } from './conversation/follow-up.ts';
export {
  countsAsInvited,
  invitationChangeProblem,
  isInvitationTask,
  nextInvitationStatuses,
} from './conversation/invitation.ts';
export { type HnhcReason, hnhcReasons, type WeightedContact, weightedContacts } from './explain/care-burden.ts';
export { type UserKind, userKindOf } from './explain/practice-staff.ts';
export { ExternalCodings, ExternalSystems, UcumUnits } from './external.ts';
export {
  type Expansion,
  snomedEclValueSet,
  ValueSetExpander,
  type ValueSetExpanderOptions,
} from './fhir-reader/expand.ts';
export {
  FhirHttpReader,
  type FhirHttpReaderOptions,
  type FhirJsonRequest,
  FhirReadError,
  fetchFhirJson,
  outcomeText,
} from './fhir-reader/http.ts';
export {
  type FhirReader,
  type FhirSearchParams,
  type LocalReference,
  matchesOf,
  nextPageUrl,
  parseLocalReference,
  resourcesOf,
  searchAll,
} from './fhir-reader/reader.ts';
export {
  CodeSystems,
  ConceptMaps,
  Extensions,
  OperationDefinitions,
  Profiles,
  Questionnaires,
  TARGET_CANONICAL_BASE,
  TARGET_PACKAGE,
  type TargetActivityPerformerCode,
  TargetActivityPerformerCodeSystem,
  type TargetBarrierCode,
  TargetBarrierCodeSystem,
  type TargetCareBurdenCategoryCode,
  TargetCareBurdenCategoryCodeSystem,
  type TargetChronicDiseaseCode,
  TargetChronicDiseaseCodeSystem,
  TargetChronicDiseaseConceptMap,
  type TargetConceptCode,
  TargetConceptCodeSystem,
  type TargetContactTypeCode,
  TargetContactTypeCodeSystem,
  type TargetConversationOutcomeCode,
  TargetConversationOutcomeCodeSystem,
  type TargetConversationSequenceCode,
  TargetConversationSequenceCodeSystem,
  type TargetConversationToolCode,
  TargetConversationToolCodeSystem,
  type TargetHouseholdCode,
  TargetHouseholdCodeSystem,
  type TargetIncomeSourceCode,
  TargetIncomeSourceCodeSystem,
  type TargetObservationCode,
  TargetObservationCodeSystem,
  type TargetPartnerCategoryCode,
  TargetPartnerCategoryCodeSystem,
  type TargetPositiveHealthDimensionCode,
  TargetPositiveHealthDimensionCodeSystem,
  TargetPositiveHealthQuestionnaire,
  type TargetPracticeRoleCode,
  TargetPracticeRoleCodeSystem,
  type TargetReferralProgressCode,
  TargetReferralProgressCodeSystem,
  type TargetSettingCode,
  TargetSettingCodeSystem,
  type TargetSubgroupCode,
  TargetSubgroupCodeSystem,
  ValueSets,
} from './generated/canonical.ts';
export { dutchSortKey, ownSurname, preferredName, stripVoorvoegsel } from './names/dutch-sort.ts';
export {
  hasSecurityLabel,
  isPracticeInternal,
  isTestData,
  PRACTICE_INTERNAL_LABEL,
  practiceInternalMeta,
  TARGET_SECURITY_LABEL_SYSTEM,
  TEST_DATA_LABEL,
} from './security-labels.ts';
export * from './selection/index.ts';
export {
  INTERACTIONS,
  type Interaction,
  LAUNCH_SCOPES,
  NON_RESOURCE_SCOPES,
  OIDC_SCOPES,
  parseResourceScope,
  type ResourceScope,
  type ScopeContext,
  ScopeSet,
} from './smart/scopes.ts';
