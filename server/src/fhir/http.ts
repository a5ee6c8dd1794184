// HTTP binding of the FHIR REST API (R4 http.html) at /fhir: turns Express requests into FhirRequests
// for the FhirRouter and FhirResponses into HTTP, with FHIR headers (ETag, Location, Last-Modified),
// Prefer handling and an OperationOutcome for every error.
import {
  badRequest,
  contentTooLarge,
  isResourceType,
  normalizeOperationOutcome,
  notFound,
  OperationOutcomeError,
  parseSearchRequest,
  serverError,
  unsupportedMediaType,
} from '@medplum/core';
import type { FhirRequest, FhirRouter, HttpMethod } from '@medplum/fhir-router';
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { currentAuth } from '../access/context.ts';
import { AccessPolicy, forbidden } from '../access/policy.ts';
import { recordFhirAnswer } from '../audit/http.ts';
import type { Logger } from '../platform/logger.ts';
import { FHIR_JSON, httpStatusOf, methodNotAllowed, sendOutcome } from '../platform/outcomes.ts';
import type { PostgresRepository } from '../store/repository.ts';
import { applyElementsFilter } from '../store/search/elements.ts';
import { type BodyShapeLimits, bodyShapeCheck } from './body-shape.ts';
import { metadataHandler } from './metadata.ts';
import { assertBatchSize, assertNoNulInUrl } from './request-bounds.ts';

const JSON_TYPES = [FHIR_JSON, 'application/json', 'application/json-patch+json'];
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const ALL_METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Path heads that are not resource types: system-level interactions and operations. */
const SYSTEM_PATHS = new Set(['', '_history', '_search']);

export interface FhirHttpOptions {
  readonly router: FhirRouter;
  readonly repo: PostgresRepository;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
  /** Depth and size of a parsed JSON body (config TARGET_MAX_JSON_DEPTH, TARGET_MAX_JSON_ELEMENTS). */
  readonly bodyShape: BodyShapeLimits;
  /** Entries of one batch or transaction (config TARGET_MAX_BATCH_ENTRIES). */
  readonly maxBatchEntries: number;
  readonly capabilityStatement: () => Resource;
}

/**
 * Refuses a NUL character anywhere in a URL under /fhir with a 400; mount it at /fhir ahead of every route
 * that reads ids or parameters from the URL (the job routes and the FHIR API).
 */
export function nulFreeUrls(): express.RequestHandler {
  return (req, res, next) => {
    try {
      assertNoNulInUrl(req.url);
    } catch (err) {
      sendOutcome(res, normalizeOperationOutcome(err));
      return;
    }
    next();
  };
}

/** Express router serving the FHIR API; mount it at /fhir. */
export function fhirHttpRouter(options: FhirHttpOptions): express.Router {
  const { router, repo, logger } = options;
  const http = express.Router();
  http.use(express.json({ type: JSON_TYPES, limit: options.maxBodyBytes, strict: true }));
  // POST [type]/_search carries its parameters as a form (R4 http.html#search).
  http.use(express.urlencoded({ extended: false, limit: options.maxBodyBytes }));
  // Before anything reads the body: the validator, the router, the audit's classification.
  http.use(bodyShapeCheck(options.bodyShape));

  http.get('/metadata', metadataHandler(options.capabilityStatement));

  http.use(async (req: Request, res: Response) => {
    // HEAD is GET without the body (Express drops the body for HEAD responses).
    const method = (req.method === 'HEAD' ? 'GET' : req.method) as HttpMethod;
    if (BODY_METHODS.has(method) && req.body === undefined && req.headers['content-length'] !== '0') {
      sendOutcome(res, unsupportedMediaType);
      return;
    }
    const url = req.url.replace(/^\/+/, '');
    const head = url.split(/[/?]/)[0];
    if (method === 'POST' && head === '') {
      try {
        assertBatchSize(req.body, options.maxBatchEntries);
      } catch (err) {
        sendOutcome(res, normalizeOperationOutcome(err));
        return;
      }
    }
    if (!SYSTEM_PATHS.has(head) && !head.startsWith('$') && !isResourceType(head)) {
      sendOutcome(res, notFound, 404);
      return;
    }
    // fhir-router reads only a quoted ETag; anything else would silently turn into an unconditional write.
    const ifMatch = req.headers['if-match'];
    if (ifMatch !== undefined && !/^(W\/)?"[^"]+"$/.test(ifMatch.trim())) {
      sendOutcome(res, badRequest('If-Match must be an ETag such as W/"3"', 'If-Match'));
      return;
    }
    const prefer = parsePrefer([req.headers.prefer ?? []].flat().join(','));
    const fhirRequest: FhirRequest = {
      method,
      url,
      pathname: '',
      body: req.body,
      params: {},
      query: {},
      headers: req.headers,
      config: { transactions: true },
    };
    // The caller's access token (access/authenticate.ts, mounted ahead of this router) scopes every
    // repository call; without one nothing is served, whatever the wiring.
    const auth = currentAuth();
    if (!auth) {
      sendOutcome(res, forbidden('No authenticated caller'), 403);
      return;
    }
    const access = AccessPolicy.of(auth, repo.registry);
    const requestRepo = repo.withOptions({ lenient: prefer.handling === 'lenient', access });
    const [outcome, resource] = await router.handleRequest(fhirRequest, requestRepo);
    // The audit hook (audit/http.ts) writes the trail of this answer before it is sent.
    recordFhirAnswer(res, { outcome, resource });
    let status = httpStatusOf(outcome);
    if (status === 404 && !router.find(method, url) && ALL_METHODS.some((m) => router.find(m, url))) {
      sendOutcome(res, methodNotAllowed(method, `/fhir/${url.split('?')[0]}`));
      return;
    }
    if (status >= 500) {
      logger.error({ outcome, method, url }, 'FHIR request failed');
    }
    // An asynchronous kick-off (R4 http.html#async): 202 with the status URL in Content-Location.
    if (status === 202 && outcome.id === 'accepted' && outcome.issue?.[0]?.diagnostics) {
      res.setHeader('Content-Location', outcome.issue[0].diagnostics);
    }
    if (!resource || status >= 400) {
      sendOutcome(res, outcome, status);
      return;
    }
    // PUT that created the resource answers 201 (R4 http.html#update).
    if (method === 'PUT' && status === 200 && resource.meta?.versionId === '1') {
      status = 201;
    }
    // The system endpoint answers batch/transaction with a Bundle that is not a stored resource; search and
    // history Bundles carry no versionId either. Everything else with a versionId is a stored resource.
    const isStored = head !== '' && Boolean(resource.meta?.versionId && resource.id);
    if (isStored) {
      res.setHeader('ETag', `W/"${resource.meta?.versionId}"`);
      if (resource.meta?.lastUpdated) {
        res.setHeader('Last-Modified', new Date(resource.meta.lastUpdated).toUTCString());
      }
      if (status === 201) {
        res.setHeader(
          'Location',
          `${repo.fhirBaseUrl}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}`,
        );
      }
    }
    const pretty = req.query._pretty === 'true';
    // Prefer: return= concerns interactions that write a resource, not searches, Bundles or operations.
    const isWrite =
      method !== 'GET' && head !== '' && !url.split('?')[0].includes('$') && !url.split('?')[0].endsWith('_search');
    if (isWrite && prefer.return === 'minimal') {
      res.status(status).end();
      return;
    }
    let body: Resource = isWrite && prefer.return === 'OperationOutcome' ? outcome : resource;
    // _elements and _summary apply to reads too (R4 search.html#elements: "also on read").
    if (method === 'GET' && isStored && (req.query._elements || req.query._summary)) {
      body = applyElementsFilter(resource, parseSearchRequest(resource.resourceType, summaryQuery(req)));
    }
    res
      .status(status)
      .type(FHIR_JSON)
      .send(pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body));
  });

  http.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    sendOutcome(res, errorOutcome(err, req, logger));
  });
  return http;
}

/** The outcome for an error thrown outside the router: body parsing, size limits, bugs. */
function errorOutcome(err: unknown, req: Request, logger: Logger): OperationOutcome {
  const type = (err as { type?: string }).type;
  if (type === 'entity.parse.failed') {
    return badRequest(`Request body is not valid JSON: ${(err as Error).message}`);
  }
  if (type === 'entity.too.large') {
    return contentTooLarge(`Request body exceeds the limit of ${(err as { limit?: number }).limit} bytes`);
  }
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
    return unsupportedMediaType;
  }
  if (err instanceof OperationOutcomeError) {
    return err.outcome;
  }
  // The body parsers (http-errors) mark the client's mistakes with a 4xx status and `expose`: a body that is
  // not gzip though it says so, too many form parameters, an aborted upload. Those are 4xx, never a 500.
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500 && (err as { expose?: unknown }).expose) {
    return clientError(status, `The request body could not be read: ${(err as Error).message}`);
  }
  logger.error({ err, method: req.method, url: req.originalUrl }, 'unexpected error on FHIR route');
  return err instanceof Error ? serverError(err) : normalizeOperationOutcome(err);
}

/** A body parser's 4xx as an OperationOutcome: 413 and 415 keep their status, any other is a 400. */
function clientError(status: number, text: string): OperationOutcome {
  if (status === 413) {
    return contentTooLarge(text);
  }
  if (status === 415) {
    return { ...unsupportedMediaType, issue: [{ ...unsupportedMediaType.issue[0], details: { text } }] };
  }
  return badRequest(text);
}

function summaryQuery(req: Request): Record<string, string> {
  const query: Record<string, string> = {};
  for (const name of ['_elements', '_summary']) {
    const value = req.query[name];
    if (typeof value === 'string') {
      query[name] = value;
    }
  }
  return query;
}

/** `Prefer: return=minimal, handling=lenient` → { return: 'minimal', handling: 'lenient' } (RFC 7240). */
function parsePrefer(header: string | undefined): { return?: string; handling?: string } {
  const result: Record<string, string> = {};
  for (const part of (header ?? '').split(/[,;]/)) {
    const [key, value] = part.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (key && value) {
      result[key.toLowerCase()] = value;
    }
  }
  return result;
}
