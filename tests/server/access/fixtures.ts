// The world of the access-control matrix: two practices (A, B) with one patient each (X at A through its
// GP's PractitionerRole, Y at B through managingOrganization), two partners (P, Q) with a referral each
// (ServiceRequest + Task), a sharing Consent of X with P (active) and of Y with Q (withdrawn), practice-
// internal results for X, practice settings for each practice; and the roles that look at it.
import type { Resource } from '@medplum/fhirtypes';
import { PRACTICE_INTERNAL_LABEL } from '@target/profiles';
import { expect } from 'vitest';
import type { AccessTokenClaims } from '../../../server/src/access/tokens.ts';
import { fhirFetch, type TestServer } from '../../support/server.ts';

const internal = { security: [{ system: PRACTICE_INTERNAL_LABEL.system, code: PRACTICE_INTERNAL_LABEL.code }] };
const code = (value: string) => ({ coding: [{ system: 'http://example.org/matrix', code: value }] });
const consent = (id: string, patient: string, partner: string, status: string): Resource =>
  ({
    resourceType: 'Consent',
    id,
    status,
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
    patient: { reference: `Patient/${patient}` },
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }] },
    provision: {
      type: 'permit',
      actor: [
        {
          role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleClass', code: 'PROV' }] },
          reference: { reference: `Organization/${partner}` },
        },
      ],
    },
  }) as Resource;

export const FIXTURES: Resource[] = [
  { resourceType: 'Organization', id: 'm-prac-a', name: 'Praktijk A' },
  { resourceType: 'Organization', id: 'm-prac-b', name: 'Praktijk B' },
  { resourceType: 'Organization', id: 'm-partner-p', name: 'Welzijn P' },
  { resourceType: 'Organization', id: 'm-partner-q', name: 'Welzijn Q' },
  { resourceType: 'Practitioner', id: 'm-gp-a', name: [{ family: 'Huisarts-A' }] },
  {
    resourceType: 'PractitionerRole',
    id: 'm-role-a',
    practitioner: { reference: 'Practitioner/m-gp-a' },
    organization: { reference: 'Organization/m-prac-a' },
  },
  {
    resourceType: 'Patient',
    id: 'm-pat-x',
    name: [{ family: 'Xanthe' }],
    generalPractitioner: [{ reference: 'Practitioner/m-gp-a' }],
  },
  {
    resourceType: 'Patient',
    id: 'm-pat-y',
    name: [{ family: 'Ypma' }],
    managingOrganization: { reference: 'Organization/m-prac-b' },
  },
  {
    resourceType: 'Encounter',
    id: 'm-enc-x',
    status: 'finished',
    class: { code: 'AMB' },
    subject: { reference: 'Patient/m-pat-x' },
  },
  {
    resourceType: 'Encounter',
    id: 'm-enc-y',
    status: 'finished',
    class: { code: 'AMB' },
    subject: { reference: 'Patient/m-pat-y' },
  },
  { resourceType: 'Condition', id: 'm-cond-x', subject: { reference: 'Patient/m-pat-x' }, code: code('diabetes') },
  { resourceType: 'Condition', id: 'm-cond-y', subject: { reference: 'Patient/m-pat-y' }, code: code('diabetes') },
  {
    resourceType: 'Observation',
    id: 'm-obs-x',
    status: 'final',
    code: code('weight'),
    subject: { reference: 'Patient/m-pat-x' },
  },
  {
    resourceType: 'Observation',
    id: 'm-obs-y',
    status: 'final',
    code: code('secret-y'),
    subject: { reference: 'Patient/m-pat-y' },
  },
  {
    resourceType: 'Observation',
    id: 'm-cb-x',
    meta: internal,
    status: 'final',
    code: code('care-burden'),
    subject: { reference: 'Patient/m-pat-x' },
  },
  {
    resourceType: 'Group',
    id: 'm-group-a',
    meta: internal,
    type: 'person',
    actual: true,
    member: [{ entity: { reference: 'Patient/m-pat-x' } }],
  },
  {
    resourceType: 'ServiceRequest',
    id: 'm-sr-xp',
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/m-pat-x' },
    performer: [{ reference: 'Organization/m-partner-p' }],
  },
  {
    resourceType: 'ServiceRequest',
    id: 'm-sr-yq',
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/m-pat-y' },
    performer: [{ reference: 'Organization/m-partner-q' }],
  },
  {
    resourceType: 'Task',
    id: 'm-task-xp',
    status: 'requested',
    intent: 'order',
    basedOn: [{ reference: 'ServiceRequest/m-sr-xp' }],
    for: { reference: 'Patient/m-pat-x' },
    owner: { reference: 'Organization/m-partner-p' },
  },
  {
    resourceType: 'Task',
    id: 'm-task-yq',
    status: 'requested',
    intent: 'order',
    basedOn: [{ reference: 'ServiceRequest/m-sr-yq' }],
    for: { reference: 'Patient/m-pat-y' },
    owner: { reference: 'Organization/m-partner-q' },
  },
  {
    resourceType: 'Task',
    id: 'm-task-x-own',
    status: 'requested',
    intent: 'plan',
    description: 'Wandelen met de buurvrouw',
    for: { reference: 'Patient/m-pat-x' },
    owner: { reference: 'Patient/m-pat-x' },
  },
  {
    resourceType: 'Goal',
    id: 'm-goal-x',
    lifecycleStatus: 'active',
    description: { text: 'Weer zelf boodschappen doen' },
    subject: { reference: 'Patient/m-pat-x' },
  },
  {
    resourceType: 'QuestionnaireResponse',
    id: 'm-qr-x',
    status: 'completed',
    subject: { reference: 'Patient/m-pat-x' },
    author: { reference: 'Patient/m-pat-x' },
  },
  consent('m-cons-xp', 'm-pat-x', 'm-partner-p', 'active'),
  consent('m-cons-yq', 'm-pat-y', 'm-partner-q', 'inactive'),
  {
    resourceType: 'Basic',
    id: 'm-basic-a',
    code: code('practice-settings'),
    subject: { reference: 'Organization/m-prac-a' },
  },
  {
    resourceType: 'Basic',
    id: 'm-basic-b',
    code: code('practice-settings'),
    subject: { reference: 'Organization/m-prac-b' },
  },
];

export const key = (r: { resourceType: string; id?: string }) => `${r.resourceType}/${r.id}`;
export const FIXTURE_KEYS = FIXTURES.map(key);

export type Role = 'gpA' | 'gpB' | 'patientX' | 'patientY' | 'partnerP' | 'partnerQ' | 'partnerSystem';

const partnerScopes = (context: string) => `${context}/ServiceRequest.rs ${context}/Task.rus ${context}/Patient.rs`;

export const ROLES: Record<Role, AccessTokenClaims> = {
  gpA: {
    sub: 'gp-a',
    client_id: 'target-app',
    scope: 'openid fhirUser user/*.cruds',
    target_role: 'gp',
    target_organization: 'm-prac-a',
    fhirUser: 'Practitioner/m-gp-a',
  },
  gpB: {
    sub: 'gp-b',
    client_id: 'target-app',
    scope: 'user/*.cruds',
    target_role: 'gp',
    target_organization: 'm-prac-b',
  },
  patientX: {
    sub: 'pat-x',
    client_id: 'pgo-app',
    scope: 'launch/patient patient/*.rs patient/Observation.cu',
    target_role: 'patient',
    patient: 'm-pat-x',
    fhirUser: 'Patient/m-pat-x',
  },
  patientY: {
    sub: 'pat-y',
    client_id: 'pgo-app',
    scope: 'patient/*.rs patient/Observation.cu',
    target_role: 'patient',
    patient: 'm-pat-y',
  },
  partnerP: {
    sub: 'worker-p',
    client_id: 'partner-inbox',
    scope: partnerScopes('user'),
    target_role: 'partner-worker',
    target_organization: 'm-partner-p',
  },
  partnerQ: {
    sub: 'worker-q',
    client_id: 'partner-inbox',
    scope: partnerScopes('user'),
    target_role: 'partner-worker',
    target_organization: 'm-partner-q',
  },
  partnerSystem: {
    sub: 'partner-p-system',
    client_id: 'partner-p-system',
    scope: partnerScopes('system'),
    target_role: 'system',
    target_organization: 'm-partner-p',
  },
};

const X = [
  'Patient/m-pat-x',
  'Encounter/m-enc-x',
  'Condition/m-cond-x',
  'Observation/m-obs-x',
  'ServiceRequest/m-sr-xp',
  'Task/m-task-xp',
  'Consent/m-cons-xp',
  'Task/m-task-x-own',
  'Goal/m-goal-x',
  'QuestionnaireResponse/m-qr-x',
];
const Y = [
  'Patient/m-pat-y',
  'Encounter/m-enc-y',
  'Condition/m-cond-y',
  'Observation/m-obs-y',
  'ServiceRequest/m-sr-yq',
  'Task/m-task-yq',
  'Consent/m-cons-yq',
];
const SHARED = [
  'Organization/m-prac-a',
  'Organization/m-prac-b',
  'Organization/m-partner-p',
  'Organization/m-partner-q',
  'Practitioner/m-gp-a',
  'PractitionerRole/m-role-a',
];

/** The fixtures each role may read: the expected answer of every read, search, count, include and history. */
export const VISIBLE: Record<Role, ReadonlySet<string>> = {
  gpA: new Set([...X, ...SHARED, 'Observation/m-cb-x', 'Group/m-group-a', 'Basic/m-basic-a']),
  gpB: new Set([...Y, ...SHARED, 'Basic/m-basic-b']),
  patientX: new Set(X),
  patientY: new Set(Y),
  partnerP: new Set(['ServiceRequest/m-sr-xp', 'Task/m-task-xp', 'Patient/m-pat-x']),
  // Y's consent with Q was withdrawn: Q sees its referral, not the patient.
  partnerQ: new Set(['ServiceRequest/m-sr-yq', 'Task/m-task-yq']),
  partnerSystem: new Set(['ServiceRequest/m-sr-xp', 'Task/m-task-xp', 'Patient/m-pat-x']),
};

/** Stores the fixtures with their ids, as the administrator, in one transaction. */
export async function storeFixtures(server: TestServer): Promise<void> {
  const response = await fhirFetch(server, '', {
    method: 'POST',
    body: {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: FIXTURES.map((resource) => ({ resource, request: { method: 'PUT', url: key(resource) } })),
    },
  });
  expect(response.status, JSON.stringify(response.body).slice(0, 2000)).toBe(200);
}

export async function tokens(server: TestServer): Promise<Record<Role, string>> {
  const entries = await Promise.all(
    Object.entries(ROLES).map(async ([role, claims]) => [role, `Bearer ${await server.tokenFor(claims)}`] as const),
  );
  return Object.fromEntries(entries) as Record<Role, string>;
}

/** Keys of the resources in a Bundle (search, history), outcomes left out. */
export function bundleKeys(bundle: { entry?: { resource?: Resource }[] }): string[] {
  return (bundle.entry ?? []).flatMap((e) =>
    e.resource && e.resource.resourceType !== 'OperationOutcome' ? [key(e.resource)] : [],
  );
}

// ------------------------------------------------------------------------------------------- writes

/** The practice directory: who works where decides which patients staff see; only an administrator writes it. */
const DIRECTORY = new Set(['Organization', 'PractitionerRole', 'Practitioner', 'HealthcareService', 'Endpoint']);

/**
 * What each role may ever write, per resource type (`c`, `u`, `d`), whatever its token's scopes say: the
 * ceiling of docs/security.md written out as the expected answer.
 */
export function ceiling(role: Role, type: string): string {
  switch (ROLES[role].target_role) {
    case 'gp':
    case 'practice-nurse':
      return DIRECTORY.has(type) ? '' : 'cud';
    case 'patient':
      return (
        ({ QuestionnaireResponse: 'cu', Goal: 'u', Task: 'u', Consent: 'u' } as Record<string, string>)[type] ?? ''
      );
    default:
      return type === 'Task' ? 'u' : '';
  }
}

/** The fixtures each role may change (as far as its ceiling allows the interaction). */
export const WRITABLE: Record<Role, ReadonlySet<string>> = {
  gpA: new Set([...X, 'Observation/m-cb-x', 'Group/m-group-a', 'Basic/m-basic-a']),
  gpB: new Set([...Y, 'Basic/m-basic-b']),
  // Not Task/m-task-xp: visible to X, but the partner's referral Task, not an action X owns.
  patientX: new Set(['Task/m-task-x-own', 'Goal/m-goal-x', 'QuestionnaireResponse/m-qr-x', 'Consent/m-cons-xp']),
  patientY: new Set(['Consent/m-cons-yq']),
  partnerP: new Set(['Task/m-task-xp']),
  partnerQ: new Set(['Task/m-task-yq']),
  partnerSystem: new Set(['Task/m-task-xp']),
};

/** The roles with the widest scopes their kind of client could hold: only the ceiling and compartments limit. */
export const WIDE_ROLES: Record<Role, AccessTokenClaims> = Object.fromEntries(
  Object.entries(ROLES).map(([role, claims]) => {
    const context = claims.target_role === 'patient' ? 'patient' : claims.target_role === 'system' ? 'system' : 'user';
    return [role, { ...claims, scope: `launch/patient ${context}/*.cruds` }];
  }),
) as Record<Role, AccessTokenClaims>;

export async function wideTokens(server: TestServer): Promise<Record<Role, string>> {
  const entries = await Promise.all(
    Object.entries(WIDE_ROLES).map(
      async ([role, claims]) => [role, `Bearer ${await server.tokenFor(claims)}`] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<Role, string>;
}

/**
 * The expected answer to a write of `fixture` by `role` with the widest scopes: the ceiling first (403),
 * then visibility (an id the role may not see answers 404 to patch and delete, as an unknown id does; a PUT
 * of it 403, since a PUT of an unknown id would create it), then the write rule (403).
 */
export function expectedWrite(role: Role, fixture: string, interaction: 'c' | 'u' | 'd', method: string): number {
  if (!ceiling(role, fixture.split('/')[0]).includes(interaction)) {
    return 403;
  }
  if (interaction !== 'c' && !VISIBLE[role].has(fixture)) {
    return method === 'PUT' ? 403 : 404;
  }
  if (!WRITABLE[role].has(fixture)) {
    return 403;
  }
  return 0; // allowed
}

export interface RoleRequest {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** fhirFetch as `role`, with the tokens `auth()` holds once the test's beforeAll made them. */
export function requestAs(server: TestServer, auth: () => Record<Role, string>) {
  return (role: Role, path: string, init: RoleRequest = {}) =>
    fhirFetch(server, path, { ...init, headers: { ...init.headers, authorization: auth()[role] } });
}

/** Every stored version but the audit trail's (every request, a refused one too, adds its AuditEvent). */
export async function versionCount(server: TestServer): Promise<number> {
  const [{ n }] = await server.repo.sql.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM resource WHERE resource_type <> 'AuditEvent')
      + (SELECT count(*) FROM resource_history WHERE resource_type <> 'AuditEvent') AS n`,
  );
  return Number(n);
}
