// The AuditEvents of one answered FHIR request: one for the interaction, plus one per entry of a batch or
// transaction Bundle (its own interaction, resource, patient and outcome), so "who looked at patient X"
// finds entries of Bundles as well as plain reads.
import type { AuditEvent, Bundle, BundleEntry, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { Request } from 'express';
import type { AuthContext } from '../access/context.ts';
import { classifyRequest, type Interaction, patientsOfResource } from './classify.ts';
import {
  type AuditOrigin,
  actorOf,
  buildAuditEvent,
  REST_TYPE,
  RESTFUL_INTERACTION,
  resourceEntity,
} from './events.ts';
import type { FhirAnswer } from './http.ts';

export interface FhirAuditInput {
  readonly req: Request;
  /** The request URL relative to the FHIR base (`/Patient/x?…`). */
  readonly url: string;
  readonly status: number;
  readonly answer: FhirAnswer | undefined;
  /** The body being sent (a failure's OperationOutcome text is read from it when the router gave none). */
  readonly body: unknown;
  readonly auth: AuthContext | undefined;
  readonly origin: AuditOrigin;
}

const WRITES = new Set(['create', 'update', 'patch']);

/** The text of an OperationOutcome's issues. */
export function outcomeText(outcome: OperationOutcome | undefined): string | undefined {
  const texts = (outcome?.issue ?? []).map((i) => i.details?.text ?? i.diagnostics ?? i.code).filter(Boolean);
  return texts.length > 0 ? texts.join('; ') : undefined;
}

function parsedOutcome(body: unknown): OperationOutcome | undefined {
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : undefined;
  if (!text?.startsWith('{')) {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Resource;
    return parsed.resourceType === 'OperationOutcome' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const asResource = (value: unknown): Resource | undefined =>
  value && typeof value === 'object' && typeof (value as Resource).resourceType === 'string'
    ? (value as Resource)
    : undefined;

/** Adds what an answered write or read concerned: the stored version, its patients, the body's patients. */
function complete(interaction: Interaction, status: number, sent: Resource | undefined, received: unknown): void {
  const body = asResource(received);
  if (body && body.resourceType !== 'Bundle' && body.resourceType !== 'Parameters') {
    patientsOfResource(body, interaction.patients);
  }
  if (status >= 400 || !sent) {
    return;
  }
  patientsOfResource(sent, interaction.patients);
  if (WRITES.has(interaction.code) && sent.id && sent.meta?.versionId && sent.resourceType !== 'Bundle') {
    const stored = resourceEntity(`${sent.resourceType}/${sent.id}/_history/${sent.meta.versionId}`);
    if (interaction.code === 'create' && interaction.entities.length === 1 && !interaction.entities[0].query) {
      interaction.entities.length = 0;
    }
    interaction.entities.push(stored);
  }
}

function entryEvents(input: FhirAuditInput, bundle: Bundle | undefined, interaction: Interaction): AuditEvent[] {
  // Entries are events of their own only when the router ran them. A Bundle refused before it (no token,
  // too many entries, a body that breaks the shape limits) is one event: its entries never ran, and a
  // refused Bundle of 100,000 entries must not become 100,000 AuditEvents.
  if (!input.answer || bundle?.resourceType !== 'Bundle' || !Array.isArray(bundle.entry)) {
    return [];
  }
  const answered = asResource(input.answer?.resource) as Bundle | undefined;
  const responses: (BundleEntry | undefined)[] =
    answered?.resourceType === 'Bundle' && answered.type?.endsWith('-response') ? (answered.entry ?? []) : [];
  return bundle.entry.map((entry: BundleEntry | null, i) => {
    // Entries as the client sent them: the router answers malformed ones with an error, the audit must not fail.
    const request = entry?.request;
    const method = typeof request?.method === 'string' ? request.method : 'GET';
    const [path, query] = (typeof request?.url === 'string' ? request.url : '').split('?');
    const classified = classifyRequest(method, path, new URLSearchParams(query ?? ''), entry?.resource);
    const response = responses[i]?.response;
    // A transaction that failed as a whole has no entry responses: each entry shares the Bundle's status.
    const status = Number.parseInt(response?.status ?? '', 10) || input.status;
    complete(classified, status, responses[i]?.resource, entry?.resource);
    if (status < 400 && response?.location && WRITES.has(classified.code) && !responses[i]?.resource) {
      classified.entities.push(
        resourceEntity(response.location.replace(/^.*?([A-Z][A-Za-z]+\/[^/]+\/_history)/, '$1')),
      );
    }
    if (input.auth?.patient) {
      classified.patients.add(input.auth.patient);
    }
    for (const patient of classified.patients) {
      interaction.patients.add(patient);
    }
    return event(input, classified, status, outcomeText(response?.outcome as OperationOutcome | undefined));
  });
}

function event(input: FhirAuditInput, interaction: Interaction, status: number, text: string | undefined): AuditEvent {
  return buildAuditEvent({
    type: REST_TYPE,
    subtype: { system: RESTFUL_INTERACTION, code: interaction.code },
    action: interaction.action,
    status,
    outcomeText: status >= 400 ? text : undefined,
    actor: actorOf(input.auth),
    origin: input.origin,
    entities: interaction.entities,
    patients: interaction.patients,
  });
}

export function fhirAuditEvents(input: FhirAuditInput): AuditEvent[] {
  const { req, status, answer } = input;
  const [pathWithSlash, rawQuery] = input.url.split('?');
  const path = pathWithSlash.replace(/^\/+/, '');
  // POST _search carries its parameters as a form body (R4 http.html#search).
  const form =
    req.method === 'POST' && /(^|\/)_search$/.test(path) && req.body && typeof req.body === 'object'
      ? new URLSearchParams(req.body as Record<string, string>).toString()
      : '';
  const query = new URLSearchParams([rawQuery ?? '', form].filter(Boolean).join('&'));
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const interaction = classifyRequest(method, path, query, req.body);
  if (input.auth?.patient) {
    interaction.patients.add(input.auth.patient);
  }
  const text = outcomeText(answer?.outcome) ?? outcomeText(parsedOutcome(input.body));
  if (interaction.code === 'batch' || interaction.code === 'transaction') {
    const bundle = asResource(req.body) as Bundle | undefined;
    const entries = entryEvents(input, bundle, interaction);
    const count = Array.isArray(bundle?.entry) ? bundle.entry.length : 0;
    interaction.entities.push({ ...resourceEntity('Bundle'), name: `${count} entries` });
    return [event(input, interaction, status, text), ...entries];
  }
  complete(interaction, status, answer?.resource, method === 'GET' || method === 'DELETE' ? undefined : req.body);
  return [event(input, interaction, status, text)];
}
