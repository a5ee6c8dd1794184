// `POST /oauth/launch`: a trusted EHR creates an EHR-launch context and gets the opaque `launch` id it
// puts on the app's launch URL (`?iss=…&launch=…`). The caller authenticates with an access token of this
// authorization server: a system token of a client the registry marks `ehr_launch` (e.g. the EHR
// simulator, through client_credentials with private_key_jwt), or an administrator's system token with
// write access to every resource type (`npm run target -- token --scope "system/*.cruds"`).
// Errors are RFC 6749/6750 JSON: 400 invalid_request, 401 invalid_token, 403 insufficient_scope.
import { parseSearchRequest } from '@medplum/core';
import express, { type Request, type Response, type Router } from 'express';
import { createLocalJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { SigningKeys } from '../access/keys.ts';
import type { PostgresRepository } from '../store/repository.ts';
import type { RegisteredClient } from './clients.ts';
import type { Directory } from './directory.ts';
import type { LaunchRequest, LaunchStore } from './launch.ts';
import { parseResourceScope } from './smart-scopes.ts';

export interface LaunchRouteOptions {
  readonly keys: SigningKeys;
  readonly issuer: string;
  readonly audience: string;
  readonly clients: readonly RegisteredClient[];
  readonly directory: Directory;
  readonly launches: LaunchStore;
  readonly repo: PostgresRepository;
}

const FHIR_USER = /^(Practitioner|PractitionerRole|Patient|RelatedPerson)\/[A-Za-z0-9\-.]{1,64}$/;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

function oauthError(res: Response, status: number, error: string, description: string): void {
  if (status === 401) {
    res.set('WWW-Authenticate', `Bearer error="${error}", error_description="${description}"`);
  }
  res.status(status).json({ error, error_description: description });
}

/** An administrator's token: system context, every type, create permission. */
function isAdministrator(scope: string): boolean {
  return scope.split(' ').some((s) => {
    const parsed = parseResourceScope(s);
    return parsed?.context === 'system' && parsed.resourceType === '*' && parsed.interactions.has('c');
  });
}

export function launchRouter(options: LaunchRouteOptions): Router {
  const jwks = createLocalJWKSet(options.keys.publicJwks);
  const ehrClients = new Set(options.clients.filter((c) => c.ehr_launch === true).map((c) => c.client_id));
  const router = express.Router();
  router.post('/launch', express.json({ limit: '16kb' }), async (req: Request, res: Response) => {
    const bearer = /^Bearer ([^\s]+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!bearer) {
      oauthError(res, 401, 'invalid_token', 'a Bearer access token is required');
      return;
    }
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(bearer, jwks, {
        issuer: options.issuer,
        audience: options.audience,
        typ: 'at+jwt',
      }));
    } catch {
      oauthError(res, 401, 'invalid_token', 'the access token is invalid or expired');
      return;
    }
    const scope = typeof claims.scope === 'string' ? claims.scope : '';
    const trusted =
      claims.target_role === 'system' && (ehrClients.has(String(claims.client_id)) || isAdministrator(scope));
    if (!trusted) {
      oauthError(res, 403, 'insufficient_scope', 'only a trusted EHR client may create launch contexts');
      return;
    }
    const problem = await validate(req.body as Partial<LaunchRequest> | undefined, options);
    if (problem) {
      oauthError(res, 400, 'invalid_request', problem);
      return;
    }
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json(await options.launches.create(req.body as LaunchRequest));
  });
  return router;
}

async function validate(
  body: Partial<LaunchRequest> | undefined,
  options: LaunchRouteOptions,
): Promise<string | undefined> {
  if (!body || typeof body !== 'object') {
    return 'the body must be a JSON object';
  }
  // No patient: a launch in the practice's context (e.g. the practice worklist).
  if (body.patient !== undefined) {
    if (typeof body.patient !== 'string' || !(await options.directory.patientExists(body.patient))) {
      return 'patient must be the id of an existing Patient';
    }
  }
  if (body.encounter !== undefined) {
    if (body.patient === undefined) {
      return 'an encounter needs the patient it belongs to';
    }
    if (typeof body.encounter !== 'string' || !ID.test(body.encounter)) {
      return 'encounter must be an Encounter id';
    }
    const found = await options.repo.searchResources(
      parseSearchRequest('Encounter', { _id: body.encounter, subject: `Patient/${body.patient}` }),
    );
    if (found.length !== 1) {
      return "encounter must be an existing Encounter of the launch's patient";
    }
  }
  if (body.fhirUser !== undefined && (typeof body.fhirUser !== 'string' || !FHIR_USER.test(body.fhirUser))) {
    return 'fhirUser must be a relative reference such as Practitioner/123';
  }
  if (body.need_patient_banner !== undefined && typeof body.need_patient_banner !== 'boolean') {
    return 'need_patient_banner must be true or false';
  }
  if (body.smart_style_url !== undefined) {
    if (typeof body.smart_style_url !== 'string' || !URL.canParse(body.smart_style_url)) {
      return 'smart_style_url must be an absolute URL';
    }
  }
  return undefined;
}
