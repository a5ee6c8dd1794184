// AuditEvent (R4) building blocks with the NEN 7513 essentials: who (user, role, client, network address),
// what (type, subtype, action, entities), which patient, when (recorded, period), from where (source and
// the client's address) and the outcome. Pure functions over plain inputs; the HTTP and OAuth hooks
// (http.ts, oauth.ts) gather those inputs. Codes follow R4 AuditEvent and the IHE Basic Audit Log Patterns.
import type { AuditEvent, AuditEventAgent, AuditEventEntity, Coding, Reference } from '@medplum/fhirtypes';
import { TARGET_CANONICAL_BASE } from '@target/profiles';
import type { AuthContext } from '../access/context.ts';

export const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
export const RESTFUL_INTERACTION = 'http://hl7.org/fhir/restful-interaction';
const AUDIT_EVENT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const SOURCE_TYPE = 'http://terminology.hl7.org/CodeSystem/security-source-type';
/** IHE Basic Audit Log Patterns: the entity type of an HTTP X-Request-Id. */
const BALP_ENTITY_TYPE = 'https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType';
/** The TARGET roles of access tokens (`target_role`), as codes of the agent's role. */
export const TARGET_ROLE_SYSTEM = `${TARGET_CANONICAL_BASE}/CodeSystem/target-role`;
/** The authorization server's events (token, authorization, introspection, revocation) as AuditEvent subtypes. */
export const TARGET_OAUTH_EVENT_SYSTEM = `${TARGET_CANONICAL_BASE}/CodeSystem/target-oauth-event`;
/** OAuth client ids as identifiers of the client agent. */
export const CLIENT_ID_SYSTEM = 'urn:ietf:params:oauth:client-id';

export const REST_TYPE: Coding = { system: AUDIT_EVENT_TYPE, code: 'rest', display: 'RESTful Operation' };
export const LOGIN_TYPE: Coding = { system: DCM, code: '110114', display: 'User Authentication' };

export type AuditAction = 'C' | 'R' | 'U' | 'D' | 'E';

/** Where the request came from and who served it. */
export interface AuditOrigin {
  /** The client's IP address. */
  readonly address: string | undefined;
  /** The FHIR base URL: identifies this server as the observer. */
  readonly observer: string;
  /** When the request arrived. */
  readonly started: Date;
  /** The request's X-Request-Id (the client's, or one the server assigned): links the event to the exchange. */
  readonly requestId?: string;
}

/** Who acted: the user (or backend service) of a verified token, or what is known of an unauthenticated caller. */
export interface AuditActor {
  readonly subject?: string;
  readonly fhirUser?: string;
  readonly role?: string;
  readonly clientId?: string;
  readonly issuer?: string;
  /** A name for callers without a verified identity (the user name typed at a failed sign-in). */
  readonly name?: string;
}

export function actorOf(auth: AuthContext | undefined): AuditActor {
  return auth
    ? { subject: auth.subject, fhirUser: auth.fhirUser, role: auth.role, clientId: auth.clientId, issuer: auth.issuer }
    : {};
}

/** FHIR AuditEvent.outcome from an HTTP status: 0 success, 4 refused or bad request, 8 server failure. */
export function outcomeOf(status: number): '0' | '4' | '8' {
  return status < 400 ? '0' : status < 500 ? '4' : '8';
}

export function agentsOf(actor: AuditActor, origin: AuditOrigin): AuditEventAgent[] {
  const network = origin.address ? { address: origin.address, type: '2' as const } : undefined;
  const user: AuditEventAgent = {
    type: { coding: [{ system: DCM, code: '110153', display: 'Source Role ID' }] },
    ...(actor.role ? { role: [{ coding: [{ system: TARGET_ROLE_SYSTEM, code: actor.role }] }] } : {}),
    who: {
      ...(actor.fhirUser ? { reference: actor.fhirUser } : {}),
      ...(actor.subject
        ? { identifier: { ...(actor.issuer ? { system: actor.issuer } : {}), value: actor.subject } }
        : {}),
      display: actor.subject ?? actor.name ?? 'unauthenticated',
    },
    // altId carries the token's subject: "my own actions" in the access policy match on it.
    ...(actor.subject ? { altId: actor.subject } : {}),
    ...(actor.subject || actor.name ? { name: actor.subject ?? actor.name } : {}),
    requestor: true,
    ...(network ? { network } : {}),
  };
  if (!actor.clientId) {
    return [user];
  }
  const client: AuditEventAgent = {
    type: { coding: [{ system: DCM, code: '110150', display: 'Application' }] },
    who: { identifier: { system: CLIENT_ID_SYSTEM, value: actor.clientId }, display: actor.clientId },
    name: actor.clientId,
    requestor: false,
    ...(network ? { network } : {}),
  };
  return [user, client];
}

/** An entity for a resource (`Type/id`, `Type/id/_history/v`) or a resource type (`Type`). */
/** A Reference by type only (a search's or a create's resource type): Reference.type is a type name in R4. */
const typeReference = (type: string): Reference => ({ type }) as Reference;

export function resourceEntity(what: string, name?: string): AuditEventEntity {
  const [type, id, , version] = what.split('/');
  const reference = id ? (version ? `${type}/${id}/_history/${version}` : `${type}/${id}`) : undefined;
  return {
    what: reference ? { ...typeReference(type), reference } : typeReference(type),
    type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
    role: { system: OBJECT_ROLE, code: '4', display: 'Domain Resource' },
    ...(name ? { name } : {}),
  };
}

/** An entity known by name only (the grant type of a token request). */
export function namedEntity(name: string): AuditEventEntity {
  return { type: { system: ENTITY_TYPE, code: '2', display: 'System Object' }, name };
}

/** The X-Request-Id of the HTTP exchange, as IHE BALP records it: a client finds the trail of its own request. */
export function requestIdEntity(requestId: string): AuditEventEntity {
  return {
    what: { identifier: { value: requestId } },
    type: { system: BALP_ENTITY_TYPE, code: 'XrequestId', display: 'X-Request-Id' },
  };
}

/** The patient whose data the interaction concerned (NEN 7513 "which patient"). */
export function patientEntity(patientId: string): AuditEventEntity {
  return {
    what: { reference: `Patient/${patientId}` },
    type: { system: ENTITY_TYPE, code: '1', display: 'Person' },
    role: { system: OBJECT_ROLE, code: '1', display: 'Patient' },
  };
}

/** A search's query string, base64 (AuditEvent.entity.query). */
export function queryEntity(resourceType: string | undefined, query: string): AuditEventEntity {
  return {
    ...(resourceType ? { what: typeReference(resourceType) } : {}),
    type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
    role: { system: OBJECT_ROLE, code: '24', display: 'Query' },
    query: Buffer.from(query, 'utf8').toString('base64'),
  };
}

export interface AuditEventInput {
  readonly type: Coding;
  readonly subtype: Coding;
  readonly action: AuditAction;
  readonly status: number;
  /** OperationOutcome text of a failure. */
  readonly outcomeText?: string;
  readonly actor: AuditActor;
  readonly origin: AuditOrigin;
  readonly entities: readonly AuditEventEntity[];
  /** Patient ids the interaction concerned. */
  readonly patients: Iterable<string>;
}

/**
 * `value` with every NUL character and every lone UTF-16 surrogate replaced by U+FFFD. Texts from the request
 * (an outcome that quotes a bad parameter, a Bundle entry's URL, a typed user name, an outcome text cut at
 * 1,000 characters inside an emoji) may hold one, and PostgreSQL cannot store either in JSON: the trail would
 * fail to be written and the requests of its batch be refused.
 */
function storable<T>(value: T): T {
  // Nearly every event holds neither: look first (one serialisation, which escapes both), copy only then.
  return UNSTORABLE_ESCAPE.test(JSON.stringify(value)) ? replacingUnstorable(value) : value;
}

/** How JSON.stringify writes a NUL (`\u0000`) and a lone surrogate (`\ud800`–`\udfff`). */
const UNSTORABLE_ESCAPE = /\\u(0000|d[89a-f])/i;

function replacingUnstorable<T>(value: T): T {
  if (typeof value === 'string') {
    return value.replaceAll('\0', '\uFFFD').toWellFormed() as T;
  }
  if (Array.isArray(value)) {
    return value.map(replacingUnstorable) as T;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, replacingUnstorable(v)])) as T;
  }
  return value;
}

export function buildAuditEvent(input: AuditEventInput, recorded = new Date()): AuditEvent {
  const outcome = outcomeOf(input.status);
  const patients = [...new Set(input.patients)].map(patientEntity);
  const request = input.origin.requestId ? [requestIdEntity(input.origin.requestId)] : [];
  const entities = [...input.entities, ...patients, ...request];
  return storable<AuditEvent>({
    resourceType: 'AuditEvent',
    type: input.type,
    subtype: [input.subtype],
    action: input.action,
    period: { start: input.origin.started.toISOString(), end: recorded.toISOString() },
    recorded: recorded.toISOString(),
    outcome,
    ...(outcome !== '0'
      ? { outcomeDesc: `HTTP ${input.status}${input.outcomeText ? `: ${input.outcomeText}` : ''}`.slice(0, 1000) }
      : {}),
    agent: agentsOf(input.actor, input.origin),
    source: {
      site: input.origin.observer,
      observer: {
        identifier: { system: 'urn:ietf:rfc:3986', value: input.origin.observer },
        display: 'TARGET on FHIR',
      },
      type: [{ system: SOURCE_TYPE, code: '4', display: 'Application Server' }],
    },
    ...(entities.length > 0 ? { entity: entities } : {}),
  });
}
