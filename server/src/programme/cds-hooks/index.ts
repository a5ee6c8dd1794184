// CDS Hooks service (CDS Hooks 2.0, compatible with 1.x clients): discovery at `GET /cds-services` and the
// patient-view service at `POST /cds-services/target-patient-view`. Every FHIR read goes over the FHIR API
// with a bearer token: the `fhirAuthorization` access token the CDS client sent (so the card shows only what
// that token may read), or, for a trusted EHR that authenticated with a CDS client JWT and sent none, a
// five-minute system token limited to reading Patients and Observations. Errors are OperationOutcomes.
import type { OperationOutcome } from '@medplum/fhirtypes';
import { FhirHttpReader, FhirReadError, UnreadableCareBurdenError } from '@target/profiles';
import cors from 'cors';
import express, { type Request, type Response, type Router } from 'express';
import { issueAccessToken } from '../../access/tokens.ts';
import type { Config } from '../../config.ts';
import type { AuthorizationServer } from '../../oauth/index.ts';
import type { Logger } from '../../platform/logger.ts';
import { loopbackFhirUrl } from '../../platform/loopback.ts';
import type { Database } from '../../store/database/database.ts';
import { CdsClientAuthError, CdsClientVerifier } from './client-auth.ts';
import { type CardApp, PATIENT_VIEW_SERVICE, patientViewCards } from './patient-view.ts';
import { CdsRequestError, type PatientViewRequest, parsePatientViewRequest } from './request.ts';
import { launchableApps } from './target-app.ts';

export const CDS_MOUNT_PATH = '/cds-services';
/** What a system token made for a trusted EHR's CDS call may do: read the patient and their results. */
const SYSTEM_READ_SCOPE = 'system/Patient.rs system/Observation.rs';
const SYSTEM_TOKEN_SECONDS = 300;

export interface CdsHooksOptions {
  readonly config: Config;
  readonly auth: AuthorizationServer;
  readonly db: Database;
  readonly logger: Logger;
}

function sendOutcome(res: Response, status: number, code: string, message: string): void {
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: code as 'invalid', details: { text: message } }],
  };
  if (status === 401) {
    res.set('WWW-Authenticate', 'Bearer realm="cds-services", error="invalid_token"');
  }
  res.status(status).type('application/json').send(JSON.stringify(outcome));
}

export function cdsHooksRouter(options: CdsHooksOptions): Router {
  const { config, auth, logger } = options;
  const fhirBase = `${config.baseUrl}/fhir`;
  const loopback = loopbackFhirUrl(config);
  const verifier = new CdsClientVerifier(auth.clients, options.db);
  // The card opens the TARGET app (or, in a registry without it, the first app that can be launched).
  const [appClient] = launchableApps(auth.clients);
  const app: CardApp | undefined = appClient?.launch_url
    ? { name: appClient.client_name, launchUrl: appClient.launch_url }
    : undefined;

  const router = express.Router();
  // CDS clients may run in a browser (e.g. the CDS Hooks sandbox); they authenticate with bearer JWTs, never
  // cookies, so any origin may call.
  router.use(cors({ origin: '*', allowedHeaders: ['Authorization', 'Content-Type'], maxAge: 600 }));
  router.get('/', (_req, res) => {
    res.json({ services: [PATIENT_VIEW_SERVICE] });
  });

  /** The reader for this request, or a reason (thrown) why the caller may not read. */
  async function readerFor(req: Request, request: PatientViewRequest): Promise<FhirHttpReader> {
    const serviceUrl = `${config.baseUrl}${CDS_MOUNT_PATH}/${PATIENT_VIEW_SERVICE.id}`;
    const client = req.get('authorization') ? await verifier.verify(req.get('authorization'), serviceUrl) : undefined;
    if (request.fhirAuthorization) {
      if (request.fhirServer?.replace(/\/+$/, '') !== fhirBase) {
        // The token is for another server; we read only our own and send tokens nowhere else.
        throw new CdsRequestError(`fhirServer must be ${fhirBase}: this service reads only from its own FHIR server`);
      }
      return new FhirHttpReader({ baseUrl: loopback, token: request.fhirAuthorization.access_token });
    }
    if (!client) {
      throw new CdsClientAuthError('a CDS client JWT (Authorization: Bearer) or fhirAuthorization is required');
    }
    const token = await issueAccessToken(
      auth.keys,
      { sub: client, client_id: client, scope: SYSTEM_READ_SCOPE, target_role: 'system' },
      { issuer: auth.issuer, audience: config.authAudience, expiresIn: SYSTEM_TOKEN_SECONDS },
    );
    return new FhirHttpReader({ baseUrl: loopback, token });
  }

  router.post('/:id', express.json({ limit: '1mb' }), async (req: Request, res: Response) => {
    if (req.params.id !== PATIENT_VIEW_SERVICE.id) {
      sendOutcome(res, 404, 'not-found', `there is no CDS service ${req.params.id}`);
      return;
    }
    try {
      const request = parsePatientViewRequest(req.body);
      const reader = await readerFor(req, request);
      const cards = await patientViewCards(request, { reader, app, sourceUrl: config.baseUrl });
      res.set('Cache-Control', 'no-store').json({ cards });
    } catch (err) {
      if (err instanceof CdsRequestError) {
        sendOutcome(res, 400, 'invalid', err.message);
      } else if (err instanceof CdsClientAuthError) {
        sendOutcome(res, 401, 'login', err.message);
      } else if (err instanceof FhirReadError && (err.status === 401 || err.status === 403)) {
        sendOutcome(
          res,
          err.status,
          err.status === 401 ? 'login' : 'forbidden',
          `the FHIR server refused: ${err.message}`,
        );
      } else if (err instanceof UnreadableCareBurdenError) {
        logger.error({ err }, 'a stored care-burden Observation cannot be read');
        sendOutcome(res, 500, 'exception', err.message);
      } else {
        logger.error({ err }, 'CDS Hooks request failed');
        sendOutcome(res, 500, 'exception', 'the CDS service failed; see the server log');
      }
    }
  });
  // A body that is not JSON is a client error like any other invalid request.
  router.use((err: unknown, _req: Request, res: Response, next: (err?: unknown) => void) => {
    const status = (err as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      sendOutcome(res, status, 'invalid', `the request body is not valid JSON: ${(err as Error).message}`);
      return;
    }
    next(err);
  });
  return router;
}
