// The selection rules (DOMAIN.md "Selection") as pure functions over FHIR resources and settings: one copy,
// used by the server's per-patient and population paths and by the app.
export {
  assessPatient,
  classifyPatient,
  type PatientAssessment,
  type PatientClassification,
  type PatientFacts,
} from './assess.ts';
export {
  assertListedPatient,
  CareBurdenError,
  type CareBurdenOptions,
  type CutoffContext,
  careBurdenOfPatient,
  type PatientCareBurden,
} from './care-burden.ts';
export {
  ACTIVE_CLINICAL_STATUSES,
  type ChronicDiseaseList,
  COUNTED_VERIFICATION_STATUSES,
  chronicDiseaseList,
  conditionSince,
  DEFAULT_CHRONIC_DISEASES,
  icpcOfDisease,
  icpcPrefixesOf,
  isCountedCondition,
  type MappedCode,
  type QualifyingCondition,
  qualifyingConditions,
  withMappedCodes,
} from './conditions.ts';
export {
  type ContactCounts,
  type ContactFact,
  type ContactPractice,
  type ContactProvider,
  contactFact,
  contactProvider,
  contactSeconds,
  contactTypeOf,
  countContacts,
  countsAsContact,
  emptyContactCounts,
  explicitContactType,
  MAX_PERIOD_LENGTH_SECONDS,
  NZA_CONTACT_TYPES,
  NZA_DECLARATION_SYSTEM,
  TELEPHONE_TYPES,
  UNCOUNTED_ENCOUNTER_STATUSES,
} from './contacts.ts';
export { SnomedDescendants, type SnomedDescendantsOptions } from './descendant-cache.ts';
export {
  type ChronicDiseaseTerminology,
  descendantsEcl,
  snomedExclusionsByIcpc,
  snomedRootsByIcpc,
  withDescendants,
} from './descendants.ts';
export {
  contactPractice,
  type FactContext,
  isListedPatient,
  type PatientRecord,
  PRACTICE_NURSE_ROLES,
  patientDemographics,
  patientFacts,
  practiceNurseReferences,
} from './facts.ts';
export { latestCareBurden, type StoredCareBurden, UnreadableCareBurdenError } from './latest-result.ts';
export {
  type AssessedPatient,
  assessPatients,
  classifyPractice,
  type PatientResult,
  type PracticeClassification,
  practiceCutoffs,
} from './practice.ts';
export {
  changedPracticeSettings,
  checkedPracticeSettings,
  chronicDiseasesOf,
  defaultPracticeSettings,
  findPracticeSettings,
  isPracticeSettingsResource,
  PRACTICE_SETTINGS_CODE,
  type PracticeSettings,
  practiceSettingsOf,
} from './practice-settings.ts';
export {
  contactPracticeOf,
  patientFactsOf,
  practiceNursesOf,
  practicesOfPatient,
  readPatientRecord,
} from './record.ts';
export {
  type CareBurdenResults,
  careBurdenObservation,
  careBurdenResults,
  type ResultContext,
  subgroupObservation,
} from './results.ts';
export {
  CONTACT_TYPES,
  DEFAULT_CONTACT_WEIGHTS,
  DEFAULT_SETTINGS,
  explicitSettings,
  type ResolvedPracticeSettings,
  resolveSettings,
  SettingsError,
  type SettingsErrorReason,
} from './settings.ts';
export {
  categoryOf,
  HNHC_TOP_PERCENTILE,
  isHnhc,
  type PopulationCutoffs,
  percentile,
  populationCutoffs,
  roundScore,
} from './stratify.ts';
export {
  assignSubgroup,
  HOUSEHOLD_OF_MARITAL_STATUS,
  isLaterSocialFact,
  latestSocialValue,
  MARITAL_STATUS_SYSTEM,
  type SocialFact,
  type SocialFacts,
  type SocialKind,
  type SubgroupResult,
  socialFact,
  USABLE_OBSERVATION_STATUSES,
} from './subgroup.ts';
export {
  addDays,
  ageOn,
  type CountingWindow,
  countingWindow,
  endMs,
  PRACTICE_TIME_ZONE,
  practiceDateOf,
  practiceMidnightMs,
  practiceToday,
  startMs,
} from './time.ts';
export {
  listingHint,
  noPracticeOutcome,
  type UnlistedPracticeContext,
  unlistedPatientText,
  unlistedPracticeOutcome,
} from './unlisted.ts';
export {
  type EmptyWindowContext,
  emptyWindowOutcome,
  isCountingWindowEmpty,
  mergeOutcomes,
  terminologyOutcome,
} from './warnings.ts';
