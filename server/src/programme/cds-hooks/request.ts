// The CDS Hooks request a `patient-view` call must carry (CDS Hooks 2.0 §HTTP Request, hooks/patient-view):
// `hook`, `hookInstance`, `context.patientId` (and optional `context.userId`, `encounterId`), optional
// `fhirServer` + `fhirAuthorization` (which must come together) and optional `prefetch`. Anything else is a
// 400 naming the field, before any data is read.
import type { Patient } from 'fhir/r4.js';

export interface FhirAuthorization {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly scope?: string;
  readonly subject?: string;
}

export interface PatientViewRequest {
  readonly hook: 'patient-view';
  readonly hookInstance: string;
  readonly fhirServer?: string;
  readonly fhirAuthorization?: FhirAuthorization;
  readonly context: { readonly patientId: string; readonly userId?: string; readonly encounterId?: string };
  /** The prefetched Patient, when the client sent one (null or absent: we fetch it). */
  readonly prefetchedPatient?: Patient;
}

/** A request the service cannot answer; the message names the field. */
export class CdsRequestError extends Error {}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPatient(value: unknown, id: string): value is Patient {
  return isObject(value) && value.resourceType === 'Patient' && value.id === id;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value !== undefined && typeof value !== 'string') {
    throw new CdsRequestError(`${field} must be a string`);
  }
  return value;
}

export function parsePatientViewRequest(body: unknown): PatientViewRequest {
  if (!isObject(body)) {
    throw new CdsRequestError('the request body must be a JSON object');
  }
  if (body.hook !== 'patient-view') {
    throw new CdsRequestError(`hook must be "patient-view", got ${JSON.stringify(body.hook ?? null)}`);
  }
  if (typeof body.hookInstance !== 'string' || body.hookInstance.trim() === '') {
    throw new CdsRequestError('hookInstance must be a non-empty string (a UUID per hook call)');
  }
  if (!isObject(body.context)) {
    throw new CdsRequestError('context must be an object with patientId');
  }
  const { patientId, userId, encounterId } = body.context;
  if (typeof patientId !== 'string' || !ID.test(patientId)) {
    throw new CdsRequestError('context.patientId must be a Patient id');
  }
  const fhirServer = optionalString(body.fhirServer, 'fhirServer');
  if (fhirServer !== undefined && !URL.canParse(fhirServer)) {
    throw new CdsRequestError('fhirServer must be an absolute URL');
  }
  return {
    hook: 'patient-view',
    hookInstance: body.hookInstance,
    fhirServer,
    fhirAuthorization: parseAuthorization(body.fhirAuthorization, fhirServer),
    context: {
      patientId,
      userId: optionalString(userId, 'context.userId'),
      encounterId: optionalString(encounterId, 'context.encounterId'),
    },
    prefetchedPatient: parsePrefetch(body.prefetch, patientId),
  };
}

function parseAuthorization(value: unknown, fhirServer: string | undefined): FhirAuthorization | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!isObject(value) || typeof value.access_token !== 'string' || value.access_token === '') {
    throw new CdsRequestError('fhirAuthorization.access_token must be a non-empty string');
  }
  if (typeof value.token_type !== 'string' || value.token_type.toLowerCase() !== 'bearer') {
    throw new CdsRequestError('fhirAuthorization.token_type must be "Bearer"');
  }
  if (fhirServer === undefined) {
    throw new CdsRequestError('fhirAuthorization needs fhirServer: the FHIR server the token is for');
  }
  return {
    access_token: value.access_token,
    token_type: 'Bearer',
    scope: optionalString(value.scope, 'fhirAuthorization.scope'),
    subject: optionalString(value.subject, 'fhirAuthorization.subject'),
  };
}

function parsePrefetch(value: unknown, patientId: string): Patient | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!isObject(value)) {
    throw new CdsRequestError('prefetch must be an object');
  }
  const patient = value.patient;
  if (patient === undefined || patient === null) {
    return undefined;
  }
  if (!isPatient(patient, patientId)) {
    throw new CdsRequestError('prefetch.patient must be the Patient named by context.patientId');
  }
  return patient;
}
