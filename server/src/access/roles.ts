// What each role may ever change, whatever its token's scopes say: the ceiling the access policy puts over
// the scopes, so a token minted with `patient/*.cruds`, a client registered too widely or an external
// authorization server's token gets no more than the role needs.
//
//   practice staff (GP, POH)  the clinical record of their own practice; not the practice directory
//                             (Organization, PractitionerRole, Practitioner, HealthcareService, Endpoint,
//                             Location): practice membership is computed from it, so only an administrator
//                             or a system client changes it; invitations and follow-ups of the other
//                             conversation only as their own practice's (owner); a Provenance only naming
//                             its patient and acting for their own practice
//   patient                   their own QuestionnaireResponses (Positive Health filled in beforehand: authored
//                             by the patient, of no encounter), the progress of their goals, their own
//                             actions (Tasks they own) and withdrawing a consent; nothing the practice recorded
//   partner worker / system   the status and outcome of the referral Tasks addressed to their organization
//   administrator             (a system token without organization) everything; AuditEvents stay immutable
import type { Resource } from '@medplum/fhirtypes';
import {
  ExternalSystems,
  isFollowUpTask,
  isInvitationTask,
  isPracticeSettingsResource,
  isSelectionGroup,
} from '@target/profiles';
import type { Interaction } from './scopes.ts';
import type { TargetRole } from './tokens.ts';

/** Resources that decide who works where (and so which patients a practice user sees). */
const DIRECTORY_TYPES: readonly string[] = [
  'Organization',
  'PractitionerRole',
  'Practitioner',
  'HealthcareService',
  'Endpoint',
  'Location',
];
const DIRECTORY = new Set(DIRECTORY_TYPES);

/** Definitional resources: the server's configuration, changed by the administrator only (system/ scopes). */
export const CONFORMANCE_TYPES: readonly string[] = [
  'StructureDefinition',
  'ValueSet',
  'CodeSystem',
  'ConceptMap',
  'Questionnaire',
  'OperationDefinition',
  'SearchParameter',
  'CapabilityStatement',
  'NamingSystem',
  'ImplementationGuide',
  'CompartmentDefinition',
];
const CONFORMANCE = new Set(CONFORMANCE_TYPES);

/** The kinds of caller the ceiling distinguishes. */
export type WriterKind = 'administrator' | 'practice' | 'patient' | 'partner' | 'none';

export function writerKind(role: TargetRole | undefined, organization: string | undefined): WriterKind {
  switch (role) {
    case 'system':
      return organization ? 'partner' : 'administrator';
    case 'gp':
    case 'practice-nurse':
      return 'practice';
    case 'patient':
      return 'patient';
    case 'partner-worker':
      return 'partner';
    default:
      return 'none';
  }
}

/**
 * A limited change: which elements of the resource the writer may change (everything else must stay as it
 * was, the narrative and `meta`'s labels, tags and profiles included), and an optional check of the new value.
 */
interface ChangeRule {
  readonly interactions: ReadonlySet<Interaction>;
  /** Top-level elements an update may change; undefined: any. */
  readonly fields?: ReadonlySet<string>;
  /**
   * Why the new version is refused, or undefined when it is acceptable; `self` is the writer's fhirUser,
   * `organization` the organization of the writer's token.
   */
  readonly check?: (
    before: Resource | undefined,
    after: Resource,
    self: string | undefined,
    organization?: string,
  ) => string | undefined;
}

const rule = (interactions: string, fields?: string[], check?: ChangeRule['check']): ChangeRule => ({
  interactions: new Set(interactions.split('') as Interaction[]),
  fields: fields ? new Set(fields) : undefined,
  check,
});

/** What a referral's performer reports back: how far it is, why, and what came of it. */
const TASK_PROGRESS = ['status', 'businessStatus', 'statusReason', 'note', 'output', 'lastModified', 'executionPeriod'];

const consentWithdrawal: ChangeRule['check'] = (before, after) => {
  const status = (after as { status?: string }).status;
  const was = (before as { status?: string } | undefined)?.status;
  return status === was || status === 'inactive' || status === 'rejected'
    ? undefined
    : `a patient may only withdraw a consent (status inactive), not set it to "${status}"`;
};

/** A patient's own actions: Tasks the patient owns (before and after), not the practice's or a partner's. */
const ownTask: ChangeRule['check'] = (before, after, self) => {
  const ownerOf = (task: Resource | undefined) =>
    (task as { owner?: { reference?: string } } | undefined)?.owner?.reference;
  const owned = self !== undefined && ownerOf(after) === self && (!before || ownerOf(before) === self);
  return owned ? undefined : 'a patient may only update Tasks the patient owns';
};

type ResponseContent = {
  author?: { reference?: string };
  source?: { reference?: string };
  subject?: { reference?: string };
  encounter?: { reference?: string };
};

/**
 * A patient's own answers (Positive Health filled in beforehand): authored by the patient (and, when a source
 * is named, given by them), tied to no encounter (a conversation's response is the practice's), and only
 * their own earlier answers may be changed. Otherwise a patient could rewrite what the practice recorded in a
 * conversation, or answer "as the GP".
 */
const ownAnswers: ChangeRule['check'] = (before, after, self) => {
  const content = (r: Resource | undefined) => r as ResponseContent | undefined;
  const authoredBySelf = (r: ResponseContent | undefined) =>
    self !== undefined &&
    r?.author?.reference === self &&
    (r.source?.reference === undefined || r.source.reference === self);
  if (!authoredBySelf(content(after)) || (before && !authoredBySelf(content(before)))) {
    return 'a patient may only write QuestionnaireResponses the patient authored (author and source the patient)';
  }
  return content(after)?.encounter ? 'a patient’s own answers are not part of an encounter' : undefined;
};

const PATIENT_RULES: Record<string, ChangeRule> = {
  QuestionnaireResponse: rule('cu', undefined, ownAnswers),
  Goal: rule('u', ['lifecycleStatus', 'achievementStatus', 'statusDate', 'statusReason', 'note']),
  Task: rule('u', TASK_PROGRESS, ownTask),
  Consent: rule('u', ['status'], consentWithdrawal),
};

const PARTNER_RULES: Record<string, ChangeRule> = {
  Task: rule('u', TASK_PROGRESS),
};

const ALWAYS_CHANGEABLE = new Set(['resourceType', 'id']);
/** What the server stamps on every version: never a change of the writer's. */
const SERVER_META = new Set(['versionId', 'lastUpdated']);

/** `meta` without what the server stamps: security labels, tags and profiles are the writer's change. */
function ownMeta(meta: unknown): unknown {
  if (!meta || typeof meta !== 'object') {
    return undefined;
  }
  const kept = Object.entries(meta).filter(([name]) => !SERVER_META.has(name));
  return kept.length ? Object.fromEntries(kept) : undefined;
}

/** Create, update and delete of whole resources: administrators, and staff within their practice. */
const ANY_CHANGE = rule('cud');

/**
 * What a practice owns by its content rather than by its patients: an invitation or a conversation's
 * follow-up Task (owner), a selection Group (managingEntity) and the practice settings (subject). Null for
 * any other resource.
 */
function owningPractice(resource: Resource | undefined): string | undefined | null {
  if (!resource) {
    return null;
  }
  const content = resource as {
    owner?: { reference?: string };
    managingEntity?: { reference?: string };
    subject?: { reference?: string };
  };
  const task = resource as Parameters<typeof isInvitationTask>[0];
  if (resource.resourceType === 'Task' && (isInvitationTask(task) || isFollowUpTask(task))) {
    return content.owner?.reference;
  }
  if (resource.resourceType === 'Group' && isSelectionGroup(resource)) {
    return content.managingEntity?.reference;
  }
  if (isPracticeSettingsResource(resource as Parameters<typeof isPracticeSettingsResource>[0])) {
    return content.subject?.reference;
  }
  return null;
}

const OWNED_AS: Record<string, string> = {
  Task: 'an invitation or follow-up of the other conversation must be owned by your own practice',
  Group: 'a selection must be managed by your own practice',
  Basic: 'practice settings must be those of your own practice',
};

/**
 * A practice writes (creates, changes, deletes) only its own invitations, selections and settings: their
 * members or patient may be shared with another practice, their owner never is.
 */
const ownPracticeResource: ChangeRule['check'] = (before, after, _self, organization) => {
  const own = `Organization/${organization}`;
  const owners = [before, after].map(owningPractice).filter((owner) => owner !== null);
  return owners.every((owner) => organization !== undefined && owner === own)
    ? undefined
    : `${OWNED_AS[after.resourceType] ?? "it must be your own practice's"} (${own})`;
};
const PRACTICE_OWNED = rule('cud', undefined, ownPracticeResource);
const PRACTICE_OWNED_TYPES = new Set(Object.keys(OWNED_AS));

/**
 * A practice writes a Provenance only about its own patient's record and only as itself: it names the patient
 * (R5 Provenance.patient, so the compartment check applies to it) and every agent acts for the writer's
 * organization. Otherwise a Provenance of no patient could be planted on another practice's record.
 */
const ownProvenance: ChangeRule['check'] = (_before, after, _self, organization) => {
  const content = after as {
    extension?: { url?: string; valueReference?: { reference?: string } }[];
    agent?: { onBehalfOf?: { reference?: string } }[];
  };
  const patient = content.extension?.find((e) => e.url === ExternalSystems.ProvenancePatient)?.valueReference;
  if (!patient?.reference) {
    return `a Provenance must name its patient (extension ${ExternalSystems.ProvenancePatient})`;
  }
  const own = `Organization/${organization}`;
  return (content.agent ?? []).every((agent) => !agent.onBehalfOf || agent.onBehalfOf.reference === own)
    ? undefined
    : `every agent of a Provenance must act on behalf of your own practice (${own})`;
};
const PRACTICE_PROVENANCE = rule('cud', undefined, ownProvenance);

function ruleFor(kind: WriterKind, resourceType: string): ChangeRule | undefined {
  switch (kind) {
    case 'administrator':
      return ANY_CHANGE;
    case 'practice':
      if (PRACTICE_OWNED_TYPES.has(resourceType)) {
        return PRACTICE_OWNED;
      }
      if (resourceType === 'Provenance') {
        return PRACTICE_PROVENANCE;
      }
      return DIRECTORY.has(resourceType) || CONFORMANCE.has(resourceType) ? undefined : ANY_CHANGE;
    case 'patient':
      return PATIENT_RULES[resourceType];
    case 'partner':
      return PARTNER_RULES[resourceType];
    default:
      return undefined;
  }
}

/** Whether a writer of `kind` may ever `interaction` (c, u or d) a `resourceType`. */
export function roleMayWrite(kind: WriterKind, resourceType: string, interaction: Interaction): boolean {
  return ruleFor(kind, resourceType)?.interactions.has(interaction) ?? false;
}

/** The top-level elements whose values differ between two versions (JSON equality). */
function changedElements(before: Resource | undefined, after: Resource): string[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = after as unknown as Record<string, unknown>;
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  const value = (resource: Record<string, unknown>, name: string) =>
    JSON.stringify(name === 'meta' ? ownMeta(resource.meta) : resource[name]);
  return [...names].filter((name) => !ALWAYS_CHANGEABLE.has(name) && value(a, name) !== value(b, name));
}

/**
 * Why a writer of `kind` may not turn `before` into `after` (undefined: it may). For creates `before` is
 * undefined and only the value check applies.
 */
export function refusedChange(
  kind: WriterKind,
  before: Resource | undefined,
  after: Resource,
  self?: string,
  organization?: string,
): string | undefined {
  const found = ruleFor(kind, after.resourceType);
  if (!found) {
    return `this role does not change ${after.resourceType}`;
  }
  if (before && found.fields) {
    const outside = changedElements(before, after).filter((name) => !found.fields?.has(name));
    if (outside.length > 0) {
      return `this role may change only ${[...found.fields].join(', ')} of a ${after.resourceType}, not ${outside.join(', ')}`;
    }
  }
  return found.check?.(before, after, self, organization);
}

/** Whether updates by `kind` to `resourceType` are limited to some elements (so the old version is needed). */
export function hasChangeLimits(kind: WriterKind, resourceType: string): boolean {
  const found = ruleFor(kind, resourceType);
  return Boolean(found?.fields || found?.check);
}
