// What a FHIR request did, for its AuditEvent: the R4 restful-interaction code (http.html), the action
// (C/R/U/D/E), the resource or type it concerned, and the patients it touched — named in the URL, in the
// search parameters, or in the resources that went in or out.
import type { AuditEventEntity, Resource } from '@medplum/fhirtypes';
import { type AuditAction, queryEntity, resourceEntity } from './events.ts';

export interface Interaction {
  /** restful-interaction code: read, vread, search-type, history-instance, create, operation, … */
  readonly code: string;
  readonly action: AuditAction;
  readonly resourceType?: string;
  readonly entities: AuditEventEntity[];
  readonly patients: Set<string>;
}

const PATIENT_FIELDS = ['subject', 'patient', 'for', 'beneficiary'] as const;
const PATIENT_PARAMS = new Set(['patient', 'subject', 'for', 'beneficiary', 'subject:Patient', 'patient:Patient']);
const LOCAL_PATIENT = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

/** The Patient id a reference names, if it names one. */
export function patientOfReference(reference: string | undefined): string | undefined {
  return reference ? LOCAL_PATIENT.exec(reference)?.[1] : undefined;
}

/** The patients a resource is about: a Patient itself, or its subject/patient/for/beneficiary. */
export function patientsOfResource(resource: Resource | undefined, into: Set<string>): void {
  if (!resource) {
    return;
  }
  if (resource.resourceType === 'Patient') {
    if (resource.id) {
      into.add(resource.id);
    }
    return;
  }
  // AuditEvents name patients already; reading them back must not multiply the patients of the reader's event.
  if (resource.resourceType === 'AuditEvent') {
    return;
  }
  if (resource.resourceType === 'Bundle') {
    for (const entry of resource.entry ?? []) {
      patientsOfResource(entry.resource, into);
    }
    return;
  }
  const fields = resource as unknown as Record<string, { reference?: string } | undefined>;
  for (const field of PATIENT_FIELDS) {
    const id = patientOfReference(fields[field]?.reference);
    if (id) {
      into.add(id);
    }
  }
}

/** Patients named by search parameters (`patient=x`, `subject=Patient/x`, `Patient?_id=x`). */
function patientsOfQuery(resourceType: string | undefined, query: URLSearchParams, into: Set<string>): void {
  for (const [name, value] of query) {
    const isPatientParam = PATIENT_PARAMS.has(name) || (resourceType === 'Patient' && name === '_id');
    if (!isPatientParam) {
      continue;
    }
    for (const part of value.split(',')) {
      const id = part.includes('/') ? patientOfReference(part) : /^[A-Za-z0-9\-.]{1,64}$/.test(part) ? part : undefined;
      if (id && (name !== 'subject' || part.includes('/'))) {
        into.add(id);
      }
    }
  }
}

const isType = (segment: string | undefined): boolean => Boolean(segment && /^[A-Z][A-Za-z]+$/.test(segment));

/**
 * Classifies a request under /fhir. `path` is relative to the FHIR base (no leading slash, no query),
 * `query` the search parameters (URL query, or the form body of POST _search).
 */
export function classifyRequest(method: string, path: string, query: URLSearchParams, body?: unknown): Interaction {
  const segments = path.split('/').filter(Boolean);
  const [first, second, third, fourth] = segments;
  const patients = new Set<string>();
  const entities: AuditEventEntity[] = [];
  const result = (code: string, action: AuditAction, resourceType?: string): Interaction => ({
    code,
    action,
    resourceType,
    entities,
    patients,
  });
  const queryString = query.toString();
  const search = (code: string, resourceType?: string): Interaction => {
    patientsOfQuery(resourceType, query, patients);
    entities.push(queryEntity(resourceType, queryString));
    return result(code, 'E', resourceType);
  };

  if (first === '_async' && second) {
    // Status URL and output files of an asynchronous request (jobs/routes.ts).
    entities.push({
      what: { identifier: { system: 'urn:target:job', value: second } },
      name: third ? `file ${third}` : 'status',
    });
    return result(method === 'DELETE' ? 'delete' : 'read', method === 'DELETE' ? 'D' : 'R');
  }
  if (!first || first === '_search') {
    if (method === 'POST' && !first) {
      const type = (body as { type?: string } | undefined)?.type;
      return result(type === 'transaction' ? 'transaction' : 'batch', 'E');
    }
    return search('search-system');
  }
  if (first === '_history') {
    entities.push(queryEntity(undefined, queryString));
    return result('history-system', 'R');
  }
  if (first === 'metadata') {
    return result('capabilities', 'R');
  }
  if (first.startsWith('$')) {
    entities.push({ ...resourceEntity('Parameters'), name: first });
    return result('operation', 'E');
  }
  if (!isType(first)) {
    return result(method === 'GET' ? 'read' : 'operation', method === 'GET' ? 'R' : 'E');
  }
  const type = first;
  const instance = second && !second.startsWith('$') && second !== '_search' && second !== '_history';
  if (type === 'Patient' && instance) {
    patients.add(second);
  }
  if (second?.startsWith('$') || third?.startsWith('$')) {
    const name = second?.startsWith('$') ? second : third;
    entities.push({ ...resourceEntity(instance ? `${type}/${second}` : type), name });
    patientsOfQuery(type, query, patients);
    return result('operation', 'E', type);
  }
  if (!second || second === '_search') {
    if (method === 'GET' || second === '_search') {
      return search('search-type', type);
    }
    // Conditional update, patch and delete act on the resources their criteria select.
    const conditional = queryString ? [queryEntity(type, queryString)] : [resourceEntity(type)];
    entities.push(...conditional);
    patientsOfQuery(type, query, patients);
    const code = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[method] ?? 'operation';
    return result(code, actionOf(code), type);
  }
  if (second === '_history') {
    entities.push(queryEntity(type, queryString));
    return result('history-type', 'R', type);
  }
  if (third === '_history') {
    entities.push(resourceEntity(fourth ? `${type}/${second}/_history/${fourth}` : `${type}/${second}`));
    return result(fourth ? 'vread' : 'history-instance', 'R', type);
  }
  if (third && isType(third)) {
    // Compartment search: Patient/x/Observation.
    const found = search('search-type', third);
    entities.push(resourceEntity(`${type}/${second}`));
    return found;
  }
  entities.push(resourceEntity(`${type}/${second}`));
  const code = { GET: 'read', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[method] ?? 'operation';
  return result(code, actionOf(code), type);
}

export function actionOf(code: string): AuditAction {
  switch (code) {
    case 'create':
      return 'C';
    case 'read':
    case 'vread':
    case 'history-instance':
    case 'history-type':
    case 'history-system':
    case 'capabilities':
      return 'R';
    case 'update':
    case 'patch':
      return 'U';
    case 'delete':
      return 'D';
    default:
      return 'E';
  }
}
