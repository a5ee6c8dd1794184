// Transaction and batch Bundles of creates and updates (POST, PUT: what Synthea and exports write), imported
// through the batch writer like NDJSON lines: validated on the worker threads, written many Bundles to one
// statement. The Bundle is read as FHIR says (R4 http.html#transaction) with one difference that makes an
// import idempotent: a POST whose entry has a fullUrl creates the resource under a stable id (the uuid of a
// `urn:uuid:` fullUrl; see stableId) and is written as create-or-update, so importing the same Bundle again
// finds every resource stored with the same content and writes nothing. Conditional creates (ifNoneExist),
// conditional updates (`PUT Patient?identifier=…`) and conditional references search the database as the
// router would. A transaction is all or nothing: an entry that cannot be resolved or is invalid rejects the
// whole Bundle before anything of it is written; a batch reports entry by entry.
import { createHash, randomUUID } from 'node:crypto';
import type { WithId } from '@medplum/core';
import { matchesSearchRequest } from '@medplum/core';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { loadFhirDefinitions } from '../store/validation/fhir-definitions.ts';
import {
  hasConditionalReferences,
  parseConditionalReference,
  resolveConditionalReferences,
} from '../store/write/conditional-references.ts';
import type { ImportLocation, ImportReport } from './report.ts';
import { errorReason } from './report.ts';
import type { BatchWriter, Pending } from './writer.ts';

const RESOURCE_TYPE = /^[A-Z][A-Za-z]+$/;
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** PUT Type/id or PUT Type?criteria. */
const UPDATE_URL = /^([A-Z][A-Za-z]+)(?:\/([^/?]+)|\?(.+))$/;
const URN_UUID = 'urn:uuid:';
/** A urn:uuid inside a longer string (narrative, attachment URLs), as the router rewrites them. */
const URN_UUID_IN_TEXT = /urn:uuid:[0-9A-Za-z-]+/g;
/** RFC 4122 appendix C: the namespace of name-based UUIDs made from URLs. */
const URL_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

/**
 * Whether this module imports the Bundle: every entry a POST to a resource type or a PUT to `Type/id` or
 * `Type?criteria`. Anything else (DELETE, PATCH, GET, operations, malformed entries, no entries at all) goes
 * through the router.
 */
export function isCreateUpdateBundle(bundle: Bundle): boolean {
  const entries = bundle.entry ?? [];
  return (
    entries.length > 0 &&
    entries.every(({ request }) =>
      request?.method === 'POST'
        ? RESOURCE_TYPE.test(request.url ?? '')
        : request?.method === 'PUT' && UPDATE_URL.test(request.url ?? ''),
    )
  );
}

/**
 * The id a created entry gets, the same on every import: the uuid of a `urn:uuid:` fullUrl when it is a valid
 * FHIR id (any uuid written as 8-4-4-4-12 hex digits is), else a name-based UUID (version 5, SHA-1, URL
 * namespace) of the fullUrl. Undefined without a fullUrl: such an entry is a plain create.
 */
export function stableId(fullUrl: string | undefined): string | undefined {
  if (!fullUrl) {
    return undefined;
  }
  if (fullUrl.startsWith(URN_UUID) && FHIR_ID.test(fullUrl.slice(URN_UUID.length))) {
    return fullUrl.slice(URN_UUID.length);
  }
  const hash = createHash('sha1').update(URL_NAMESPACE).update(fullUrl).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What an entry comes to: a resource to write, or an existing one a conditional create found. */
type Identity = { readonly type: string; readonly id: string; readonly write: boolean };

class EntryError extends Error {}

/** The identity of an entry (R4 http.html#trules), searching the database for conditional ones. */
async function identify(entry: BundleEntry, writer: BatchWriter): Promise<Identity> {
  const { request, resource, fullUrl } = entry;
  if (!resource) {
    throw new EntryError('entry has no resource');
  }
  if (request?.method === 'POST') {
    const type = request.url as string;
    if (resource.resourceType !== type) {
      throw new EntryError(`Incorrect resource type: expected ${type}, but found ${resource.resourceType}`);
    }
    const existing = request.ifNoneExist ? await findOne(writer, `${type}?${request.ifNoneExist}`) : undefined;
    return existing
      ? { type, id: existing.id, write: false }
      : { type, id: stableId(fullUrl) ?? randomUUID(), write: true };
  }
  const [, type, id, criteria] = UPDATE_URL.exec(request?.url ?? '') as RegExpExecArray;
  if (resource.resourceType !== type) {
    throw new EntryError(`Incorrect resource type: expected ${type}, but found ${resource.resourceType}`);
  }
  if (id !== undefined) {
    if (resource.id !== id) {
      throw new EntryError('Incorrect resource ID');
    }
    return { type, id, write: true };
  }
  const existing = await findOne(writer, `${type}?${criteria}`);
  if (existing && resource.id && resource.id !== existing.id) {
    throw new EntryError('Resource ID did not match resolved ID');
  }
  if (!existing && resource.id) {
    throw new EntryError('Cannot provide ID for create by update');
  }
  return { type, id: existing?.id ?? stableId(fullUrl) ?? randomUUID(), write: true };
}

async function findOne(writer: BatchWriter, query: string): Promise<WithId<Resource> | undefined> {
  const found = await writer.find(query);
  if (found.length > 1) {
    throw new EntryError(`Conditional ${query} matched multiple resources`);
  }
  return found[0];
}

/** Replaces the Bundle's urn:uuid placeholders in every string of `value` (in place) by `Type/id`. */
function rewritePlaceholders(value: unknown, placeholders: ReadonlyMap<string, string>): void {
  if (Array.isArray(value) || (value && typeof value === 'object')) {
    const holder = value as Record<string, unknown>;
    for (const key in holder) {
      const child = holder[key];
      if (typeof child === 'string') {
        if (child.includes(URN_UUID)) {
          holder[key] =
            placeholders.get(child) ?? child.replace(URN_UUID_IN_TEXT, (urn) => placeholders.get(urn) ?? urn);
        }
      } else if (typeof child === 'object') {
        rewritePlaceholders(child, placeholders);
      }
    }
  }
}

/**
 * Resolves a resource's conditional references: what the database holds (see BatchWriter.find) and what the
 * Bundle creates itself, as the router would find an earlier entry of the same transaction.
 */
function resolveReferences<T extends Resource>(resource: T, writer: BatchWriter, created: Resource[]): Promise<T> {
  if (!hasConditionalReferences(resource)) {
    return Promise.resolve(resource);
  }
  return resolveConditionalReferences(resource, async (query) => {
    const stored = await writer.find(query);
    const request = parseConditionalReference(query);
    loadFhirDefinitions();
    const inBundle = created.filter(
      (r) => r.resourceType === request.resourceType && matchesSearchRequest(r, request),
    ) as WithId<Resource>[];
    const keys = new Set(stored.map((r) => `${r.resourceType}/${r.id}`));
    return [...stored, ...inBundle.filter((r) => !keys.has(`${r.resourceType}/${r.id}`))];
  });
}

type RejectEntry = (entry: number, err: unknown) => void;

/**
 * Every entry's identity, before anything of the Bundle is written: a conditional create sees the database
 * as it was before the Bundle, as the router resolves them. Undefined for a transaction with an entry that
 * has none (rejected); in a batch such an entry is rejected on its own and left undefined.
 */
async function identifyEntries(
  entries: readonly BundleEntry[],
  writer: BatchWriter,
  transaction: boolean,
  reject: RejectEntry,
): Promise<(Identity | undefined)[] | undefined> {
  const identities: (Identity | undefined)[] = [];
  const claimed = new Set<string>();
  for (const [i, entry] of entries.entries()) {
    try {
      const identity = await identify(entry, writer);
      const reference = `${identity.type}/${identity.id}`;
      if (transaction && claimed.has(reference)) {
        throw new EntryError(`Duplicate resource identity found in Bundle: ${reference}`);
      }
      claimed.add(reference);
      identities.push(identity);
    } catch (err) {
      reject(i, err);
      if (transaction) {
        return undefined;
      }
      identities.push(undefined);
    }
  }
  return identities;
}

/** Gives the resources to write their ids and replaces the urn:uuid placeholders in them; returns them. */
function applyIdentities(entries: readonly BundleEntry[], identities: readonly (Identity | undefined)[]): Resource[] {
  const placeholders = new Map<string, string>();
  for (const [i, entry] of entries.entries()) {
    const identity = identities[i];
    if (identity && entry.fullUrl?.startsWith(URN_UUID)) {
      placeholders.set(entry.fullUrl, `${identity.type}/${identity.id}`);
    }
  }
  const created: Resource[] = [];
  for (const [i, entry] of entries.entries()) {
    const identity = identities[i];
    if (identity?.write) {
      const resource = entry.resource as Resource;
      resource.id = identity.id;
      rewritePlaceholders(resource, placeholders);
      created.push(resource);
    }
  }
  return created;
}

/**
 * Imports one transaction or batch Bundle of creates and updates (see isCreateUpdateBundle) through the batch
 * writer: resolves every entry's identity, rewrites urn:uuid references, resolves conditional references, and
 * hands the writer one unit per transaction (all or nothing) or per batch entry.
 */
export async function importCreateUpdateBundle(
  bundle: Bundle,
  location: ImportLocation,
  writer: BatchWriter,
  report: ImportReport,
): Promise<void> {
  const entries = bundle.entry ?? [];
  const transaction = bundle.type === 'transaction';
  report.processed += entries.length;
  const reject: RejectEntry = (entry, err) => {
    const reason = err instanceof EntryError ? err.message : errorReason(err);
    report.reject(
      { ...location, entry },
      transaction ? `transaction Bundle rejected, nothing of it imported: ${reason}` : reason,
    );
  };
  const identities = await identifyEntries(entries, writer, transaction, reject);
  if (!identities) {
    return;
  }
  const created = applyIdentities(entries, identities);
  const items: Pending[] = [];
  const kept: string[] = [];
  for (const [i, entry] of entries.entries()) {
    const identity = identities[i];
    if (identity && !identity.write) {
      // A conditional create that found its resource: nothing to write.
      if (transaction) {
        kept.push(identity.type);
      } else {
        report.imported(identity.type, 'unchanged');
      }
    } else if (identity) {
      try {
        const resource = await resolveReferences(entry.resource as Resource, writer, created);
        const item = { resource, location: { ...location, entry: i } };
        if (transaction) {
          items.push(item);
        } else {
          await writer.addUnit({ items: [item] });
        }
      } catch (err) {
        reject(i, err);
        if (transaction) {
          return;
        }
      }
    }
  }
  if (transaction) {
    await writer.addUnit({ items, transaction: { location, kept } });
  }
}
