// A second, non-TARGET SMART EHR for tests: a plain FHIR R4 API (read, search, create) over
// @medplum/fhir-router's MemoryRepository, with a minimal SMART authorization server in front of it. Its
// CapabilityStatement offers no TARGET operation, so the app must treat it as any foreign EHR would be.
//
// The authorization is small but real: discovery, an authorize endpoint that signs in one fixed demo user
// at once (no pages) and redirects with a single-use code, and a token endpoint that checks client_id,
// redirect_uri and the PKCE S256 verifier (RFC 7636 §4.6), and renews with the refresh token. The FHIR API
// accepts only its own unexpired bearer tokens. Every request is recorded; anything it does not serve
// (GraphQL, `auth/me`, `$expand-profile`…) answers 404 and is listed in `unexpected`.
//
// One request handler (Fetch API) serves both ways of reaching it: `startForeignEhr()` puts it on its own
// ephemeral port (for Chromium), `createForeignEhr(url)` gives it to msw in component tests (`foreignEhrMsw`).
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { badRequest, notFound, OperationOutcomeError, parseSearchRequest } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, CapabilityStatement, OperationOutcome, Resource, ResourceType } from '@medplum/fhirtypes';
import { http as mswHttp } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { loadFhirDefinitions } from '../../server/src/store/validation/fhir-definitions.ts';
import { SCHEMA_RESOURCE_TYPES } from '../../smart-app/src/launch/schema-trim.ts';

export const FOREIGN_CLIENT_ID = 'target-app';

/** The demo user the EHR signs in, and what it holds about them. */
export const FOREIGN_DEMO = {
  organization: { id: 'org-de-linde', name: 'Huisartsenpraktijk De Linde' },
  practitioner: { id: 'prac-jansen', family: 'Jansen', given: 'Anna' },
  role: { id: 'role-jansen-linde' },
  patient: { id: 'pat-de-vries', family: 'de Vries', given: 'Gerrit', birthDate: '1948-03-17' },
} as const;

/**
 * The resource types its FHIR API serves (read, search, create): those the app reads and writes, as its
 * schema index lists them, less the ones that are never stored (Parameters, OperationOutcome, Bundle).
 */
const NOT_STORED = new Set<string>(['Parameters', 'OperationOutcome', 'Bundle']);
const SERVED_TYPES: string[] = SCHEMA_RESOURCE_TYPES.filter((type) => !NOT_STORED.has(type));

export interface ForeignEhrOptions {
  /** Seconds an access token lives (default 3600). */
  readonly accessTokenSeconds?: number;
}

interface IssuedCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly scope: string;
  readonly expiresAt: number;
}

interface Grant {
  readonly scope: string;
  readonly patient?: string;
}

export interface ForeignEhr {
  /** Server root, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** FHIR base (`iss`): `${url}/fhir` */
  readonly fhirUrl: string;
  readonly repo: MemoryRepository;
  /** Redirect URIs registered for the client; the test adds the app's `/app/callback`. */
  readonly redirectUris: string[];
  /** Every request, as `METHOD /path?query`. */
  readonly requests: string[];
  /** Requests it has no route for (Medplum-only endpoints among them). */
  readonly unexpected: string[];
  /** The next authorization is refused with access_denied (the user said no). */
  denyNext: boolean;
  /** Number of access tokens issued by refresh_token grants. */
  refreshes: number;
  handle(request: Request): Promise<Response>;
  /** Stores the resources with their own ids (as the EHR has them). */
  load(resources: readonly Resource[]): Promise<void>;
  /** A valid access token without the launch, for a component test that builds its session itself. */
  accessToken(): string;
}

export interface RunningForeignEhr extends ForeignEhr {
  close(): Promise<void>;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/fhir+json', ...headers },
  });
}

function outcome(status: number, code: 'login' | 'not-found' | 'conflict', text: string): Response {
  const body: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code, details: { text } }],
  };
  return json(status, body);
}

/** RFC 6749 §5.2 error answer of the token endpoint. */
function oauthError(status: number, error: string, description: string): Response {
  return new Response(JSON.stringify({ error, error_description: description }), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

function base64Url(bytes: Buffer | string): string {
  return Buffer.from(bytes).toString('base64url');
}

/** An unsigned id_token (alg none): only its claims matter to these tests; the app does not trust it for access. */
function idToken(claims: Record<string, unknown>): string {
  return `${base64Url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64Url(JSON.stringify(claims))}.`;
}

function capabilityStatement(fhirUrl: string, url: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-01-01',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    implementation: { description: 'Foreign EHR stand-in', url: fhirUrl },
    rest: [
      {
        mode: 'server',
        security: {
          service: [
            {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' },
              ],
            },
          ],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [
                { url: 'authorize', valueUri: `${url}/oauth/authorize` },
                { url: 'token', valueUri: `${url}/oauth/token` },
              ],
            },
          ],
        },
        resource: SERVED_TYPES.map((type) => ({
          type: type as ResourceType,
          interaction: [
            { code: 'read' },
            { code: 'search-type' },
            { code: 'create' },
            { code: 'update' },
            { code: 'delete' },
          ],
        })),
        // A client that writes several resources together (the app's conversation record) sends one transaction.
        interaction: [{ code: 'transaction' }],
      },
    ],
  };
}

/**
 * R4 paging (http.html#paging): MemoryRepository pages with _count and _offset but writes no links, so the
 * stand-in adds the `next` link a FHIR server gives while matches remain.
 */
function addNextLink(bundle: Bundle, url: URL): void {
  const offset = Number(url.searchParams.get('_offset') ?? 0);
  const shown = bundle.entry?.length ?? 0;
  if (bundle.total !== undefined && shown > 0 && offset + shown < bundle.total) {
    const next = new URL(url);
    next.searchParams.set('_offset', String(offset + shown));
    bundle.link = [...(bundle.link ?? []), { relation: 'next', url: next.toString() }];
  }
}

async function seed(repo: MemoryRepository): Promise<void> {
  const { organization, practitioner, role, patient } = FOREIGN_DEMO;
  const resources: Resource[] = [
    { resourceType: 'Organization', id: organization.id, name: organization.name, active: true },
    {
      resourceType: 'Practitioner',
      id: practitioner.id,
      name: [{ family: practitioner.family, given: [practitioner.given] }],
    },
    {
      resourceType: 'PractitionerRole',
      id: role.id,
      active: true,
      practitioner: { reference: `Practitioner/${practitioner.id}` },
      organization: { reference: `Organization/${organization.id}` },
    },
    {
      resourceType: 'Patient',
      id: patient.id,
      name: [{ family: patient.family, given: [patient.given] }],
      birthDate: patient.birthDate,
      generalPractitioner: [{ reference: `Organization/${organization.id}` }],
    },
  ];
  for (const resource of resources) {
    await repo.createResource(resource, { assignedId: true });
  }
}

/** The stand-in's state and request handler at `url` (no socket: see startForeignEhr). */
export async function createForeignEhr(url: string, options: ForeignEhrOptions = {}): Promise<ForeignEhr> {
  loadFhirDefinitions();
  const repo = new MemoryRepository();
  await seed(repo);
  const fhirUrl = `${url}/fhir`;
  const codes = new Map<string, IssuedCode>();
  const accessTokens = new Map<string, { expiresAt: number }>();
  const refreshTokens = new Map<string, Grant>();
  const tokenSeconds = options.accessTokenSeconds ?? 3600;

  function newAccessToken(): string {
    const accessToken = randomUUID();
    accessTokens.set(accessToken, { expiresAt: Date.now() + tokenSeconds * 1000 });
    return accessToken;
  }

  function issueTokens(grant: Grant, withIdToken: boolean): Record<string, unknown> {
    const accessToken = newAccessToken();
    const scopes = grant.scope.split(' ');
    let refreshToken: string | undefined;
    if (scopes.includes('offline_access') || scopes.includes('online_access')) {
      refreshToken = randomUUID();
      refreshTokens.set(refreshToken, grant);
    }
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: tokenSeconds,
      scope: grant.scope,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      ...(grant.patient ? { patient: grant.patient, need_patient_banner: true } : {}),
      ...(withIdToken && scopes.includes('openid')
        ? {
            id_token: idToken({
              iss: url,
              sub: FOREIGN_DEMO.practitioner.id,
              aud: FOREIGN_CLIENT_ID,
              fhirUser: `${fhirUrl}/Practitioner/${FOREIGN_DEMO.practitioner.id}`,
              exp: Math.floor(Date.now() / 1000) + tokenSeconds,
            }),
          }
        : {}),
    };
  }

  /** SMART authorize: validates the request, signs in the demo user at once, redirects with a code. */
  function authorize(query: URLSearchParams): Response {
    const redirectUri = query.get('redirect_uri') ?? '';
    if (query.get('client_id') !== FOREIGN_CLIENT_ID || !ehr.redirectUris.includes(redirectUri)) {
      // RFC 6749 §4.1.2.1: never redirect to an unregistered URI.
      return new Response('unknown client_id or redirect_uri', { status: 400 });
    }
    const back = new URL(redirectUri);
    const state = query.get('state');
    if (state) {
      back.searchParams.set('state', state);
    }
    const refuse = (error: string, description: string) => {
      back.searchParams.set('error', error);
      back.searchParams.set('error_description', description);
      return new Response(null, { status: 302, headers: { location: back.toString() } });
    };
    if (query.get('response_type') !== 'code') {
      return refuse('unsupported_response_type', 'only response_type=code');
    }
    if (!state) {
      return refuse('invalid_request', 'state is required');
    }
    if (query.get('code_challenge_method') !== 'S256' || !query.get('code_challenge')) {
      return refuse('invalid_request', 'PKCE with code_challenge_method S256 is required');
    }
    if (query.get('aud') !== fhirUrl) {
      return refuse('invalid_request', `aud must be ${fhirUrl}`);
    }
    if (ehr.denyNext) {
      ehr.denyNext = false;
      return refuse('access_denied', 'the user refused');
    }
    const code = randomUUID();
    codes.set(code, {
      clientId: FOREIGN_CLIENT_ID,
      redirectUri,
      challenge: query.get('code_challenge') as string,
      scope: query.get('scope') ?? '',
      expiresAt: Date.now() + 60_000,
    });
    back.searchParams.set('code', code);
    return new Response(null, { status: 302, headers: { location: back.toString() } });
  }

  async function token(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    if (form.get('client_id') !== FOREIGN_CLIENT_ID) {
      return oauthError(401, 'invalid_client', 'unknown client');
    }
    if (form.get('grant_type') === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!code || code.expiresAt < Date.now()) {
        return oauthError(400, 'invalid_grant', 'unknown, used or expired code');
      }
      if (form.get('redirect_uri') !== code.redirectUri) {
        return oauthError(400, 'invalid_grant', 'redirect_uri differs from the authorization request');
      }
      const challenge = base64Url(
        createHash('sha256')
          .update(form.get('code_verifier') ?? '')
          .digest(),
      );
      if (challenge !== code.challenge) {
        return oauthError(400, 'invalid_grant', 'PKCE verification failed');
      }
      const patient = code.scope.split(' ').includes('launch/patient') ? FOREIGN_DEMO.patient.id : undefined;
      return json(200, issueTokens({ scope: code.scope, patient }, true), { 'cache-control': 'no-store' });
    }
    if (form.get('grant_type') === 'refresh_token') {
      const grant = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!grant) {
        return oauthError(400, 'invalid_grant', 'unknown refresh token');
      }
      ehr.refreshes++;
      const { refresh_token: _rotatedAway, ...renewed } = issueTokens(grant, false);
      return json(200, renewed, { 'cache-control': 'no-store' });
    }
    return oauthError(400, 'unsupported_grant_type', 'authorization_code or refresh_token');
  }

  /**
   * A transaction of PUT, POST and DELETE entries of served types (R4 http.html#transaction). Every entry is
   * checked before any is applied (and If-Match, which refuses the whole transaction with 412); PUT creates or
   * updates with the client's id.
   */
  async function transaction(bundle: Bundle): Promise<Response> {
    if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'transaction') {
      throw new OperationOutcomeError(badRequest('POST to the base takes a transaction Bundle'));
    }
    const entries = (bundle.entry ?? []).map((entry) => {
      const [type, id] = (entry.request?.url ?? '').split('/');
      const method = entry.request?.method;
      if (
        !SERVED_TYPES.includes(type) ||
        !['PUT', 'POST', 'DELETE'].includes(method ?? '') ||
        (!id && method !== 'POST')
      ) {
        throw new OperationOutcomeError(badRequest(`${method} ${entry.request?.url} is not served in a transaction`));
      }
      if (method !== 'DELETE' && entry.resource?.resourceType !== type) {
        throw new OperationOutcomeError(badRequest(`${entry.request?.url}: the resource must be a ${type}`));
      }
      const ifMatch = /^W\/"(.+)"$/.exec(entry.request?.ifMatch ?? '')?.[1];
      return { type, id, method, resource: entry.resource, ifMatch };
    });
    // If-Match on any entry that no longer holds refuses the whole transaction before anything is written.
    for (const { type, id, ifMatch } of entries) {
      const current = ifMatch ? await repo.readResource(type, id).catch(() => undefined) : undefined;
      if (ifMatch && current?.meta?.versionId !== ifMatch) {
        return outcome(412, 'conflict', `${type}/${id} is no longer version ${ifMatch}`);
      }
    }
    const response: Bundle = { resourceType: 'Bundle', type: 'transaction-response', entry: [] };
    for (const { type, id, method, resource } of entries) {
      if (method === 'DELETE') {
        await repo.deleteResource(type as ResourceType, id).catch(() => undefined);
        response.entry?.push({ response: { status: '204 No Content' } });
        continue;
      }
      const existed =
        method === 'PUT' &&
        (await repo.readResource(type, id).then(
          () => true,
          () => false,
        ));
      const written =
        method === 'PUT'
          ? await repo.updateResource({ ...(resource as Resource), id })
          : await repo.createResource({ ...(resource as Resource), id: undefined });
      response.entry?.push({
        response: {
          status: existed ? '200 OK' : '201 Created',
          location: `${type}/${written.id}/_history/${written.meta?.versionId}`,
        },
      });
    }
    return json(200, response);
  }

  /** Read, search, create and transactions; undefined for anything else (history, operations, GraphQL…). */
  async function fhir(request: Request, path: string, requestUrl: URL): Promise<Response | undefined> {
    const bearer = /^Bearer (.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
    const known = bearer ? accessTokens.get(bearer) : undefined;
    if (!known || known.expiresAt < Date.now()) {
      return outcome(401, 'login', 'no valid access token');
    }
    const [type, id, ...rest] = path.split('/').filter(Boolean);
    if (!type && request.method === 'POST') {
      try {
        return await transaction((await request.json()) as Bundle);
      } catch (error) {
        if (error instanceof OperationOutcomeError) {
          return json(400, error.outcome);
        }
        throw error;
      }
    }
    if (!SERVED_TYPES.includes(type) || rest.length > 0 || id?.startsWith('$')) {
      return undefined;
    }
    try {
      if (request.method === 'GET' && id) {
        return json(200, await repo.readResource(type, id));
      }
      if (request.method === 'GET') {
        const bundle = await repo.search(parseSearchRequest(`${type}${requestUrl.search}`));
        for (const entry of bundle.entry ?? []) {
          entry.fullUrl = `${fhirUrl}/${entry.resource?.resourceType}/${entry.resource?.id}`;
        }
        addNextLink(bundle, requestUrl);
        return json(200, bundle);
      }
      if (request.method === 'POST' && !id) {
        const body = (await request.json()) as Resource;
        if (body?.resourceType !== type) {
          throw new OperationOutcomeError(badRequest(`body must be a ${type}`));
        }
        const created = await repo.createResource<Resource>({ ...body, id: undefined });
        return json(201, created, { location: `${fhirUrl}/${type}/${created.id}/_history/${created.meta?.versionId}` });
      }
    } catch (error) {
      if (error instanceof OperationOutcomeError) {
        const status = error.outcome.id === notFound.id ? 404 : 400;
        return json(status, error.outcome);
      }
      throw error;
    }
    return undefined;
  }

  async function route(request: Request): Promise<Response | undefined> {
    const requestUrl = new URL(request.url);
    const { pathname, searchParams } = requestUrl;
    if (request.method === 'GET' && pathname === '/fhir/.well-known/smart-configuration') {
      return json(200, {
        issuer: url,
        authorization_endpoint: `${url}/oauth/authorize`,
        token_endpoint: `${url}/oauth/token`,
        grant_types_supported: ['authorization_code', 'refresh_token'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none'],
        capabilities: ['launch-standalone', 'client-public', 'context-standalone-patient', 'permission-v2'],
        scopes_supported: ['openid', 'fhirUser', 'launch/patient', 'offline_access', 'online_access', 'user/*.cruds'],
        response_types_supported: ['code'],
      });
    }
    if (request.method === 'GET' && pathname === '/fhir/metadata') {
      return json(200, capabilityStatement(fhirUrl, url));
    }
    if (request.method === 'GET' && pathname === '/oauth/authorize') {
      return authorize(searchParams);
    }
    if (request.method === 'POST' && pathname === '/oauth/token') {
      return token(request);
    }
    if (pathname.startsWith('/fhir/') || pathname === '/fhir') {
      return fhir(request, pathname.slice('/fhir/'.length), requestUrl);
    }
    return undefined;
  }

  const ehr: ForeignEhr = {
    url,
    fhirUrl,
    repo,
    redirectUris: [],
    requests: [],
    unexpected: [],
    denyNext: false,
    refreshes: 0,
    async handle(request: Request): Promise<Response> {
      const { pathname, search } = new URL(request.url);
      const line = `${request.method} ${pathname}${search}`;
      ehr.requests.push(line);
      // A browser app on another origin: answer CORS preflights and mark every answer readable.
      const cors = {
        'access-control-allow-origin': '*',
        // Only the standard request headers, as a real EHR's CORS would: a vendor header fails the preflight.
        'access-control-allow-headers': 'authorization, content-type, accept, prefer, if-match, if-none-exist',
        'access-control-allow-methods': 'GET, POST',
        'access-control-expose-headers': 'location',
      };
      if (request.method === 'OPTIONS') {
        return new Response(null, { status: 204, headers: cors });
      }
      let response = await route(request);
      if (!response) {
        ehr.unexpected.push(line);
        response = outcome(404, 'not-found', `${pathname} is not served by this EHR`);
      }
      const headers = new Headers(response.headers);
      for (const [name, value] of Object.entries(cors)) {
        headers.set(name, value);
      }
      return new Response(response.body, { status: response.status, headers });
    },
    async load(resources) {
      for (const resource of resources) {
        await repo.updateResource(resource);
      }
    },
    accessToken: newAccessToken,
  };
  return ehr;
}

/**
 * msw answering every request under `url` with the stand-in `current()` returns (a test may swap in a fresh
 * one per test); listening and closing are the test's.
 */
export function foreignEhrMsw(url: string, current: () => ForeignEhr): SetupServer {
  return setupServer(mswHttp.all(`${url}/*`, ({ request }) => current().handle(request)));
}

/** The stand-in on its own ephemeral port on 127.0.0.1. */
export async function startForeignEhr(options: ForeignEhrOptions = {}): Promise<RunningForeignEhr> {
  let ehr: ForeignEhr | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      try {
        const body = chunks.length && req.method !== 'GET' ? Buffer.concat(chunks) : undefined;
        const request = new Request(`${ehr?.url}${req.url}`, {
          method: req.method,
          headers: req.headers as Record<string, string>,
          body,
        });
        const response = await (ehr as ForeignEhr).handle(request);
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  ehr = await createForeignEhr(`http://127.0.0.1:${port}`, options);
  return Object.assign(ehr, {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
