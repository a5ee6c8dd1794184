// The EHR simulator at /ehr and the SMART test app at /ehr/test-app. The simulator is a demo stand-in for a
// GP's EHR: a practice staff member signs in with a demo account (huisarts, poh), picks a patient of their
// practice (or none: a launch in the practice's context) and a practitioner, and launches any registered SMART
// app, the TARGET app first, with a real EHR launch: the launch context is created in process
// (`auth.launches.create`) and the browser goes to the app's registered `launch_url` with `iss` and `launch`.
// An opened patient's CDS cards (cds-cards.ts) are shown, a card's `smart` link launching like the buttons.
// It reads the practice over the FHIR API with a short-lived token of the signed-in user, so it sees what
// that user may see. TARGET_EHR_SIMULATOR=off removes it (the test app, a static diagnostic tool, stays).
import path from 'node:path';
import { FhirHttpReader, FhirReadError } from '@target/profiles';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { issueAccessToken } from '../access/tokens.ts';
import type { Config } from '../config.ts';
import type { AuthorizationServer, Identity, SignInSession } from '../oauth/index.ts';
import type { Logger } from '../platform/logger.ts';
import { loopbackFhirUrl } from '../platform/loopback.ts';
import { CDS_MOUNT_PATH } from '../programme/cds-hooks/index.ts';
import { launchableApps } from '../programme/cds-hooks/target-app.ts';
import { patientViewCards, type ShownCard } from './cds-cards.ts';
import { ehrErrorPage, type LaunchableApp, signInPage, simulatorPage } from './pages.ts';
import { PracticeView } from './practice.ts';
import { sameOriginPosts, simulatorHeaders } from './security.ts';
import { testAppRouter } from './test-app.ts';

export const EHR_MOUNT_PATH = '/ehr';
/** What the simulator reads, as the signed-in user. */
const READ_SCOPE =
  'user/Patient.rs user/Practitioner.rs user/PractitionerRole.rs user/Organization.rs user/Observation.rs';
const READ_TOKEN_SECONDS = 300;
const STAFF_ROLES = new Set(['gp', 'practice-nurse']);

export interface EhrOptions {
  readonly config: Config;
  readonly auth: AuthorizationServer;
  readonly logger: Logger;
}

type Staff = Identity & { organization: string };

export function ehrRouter(options: EhrOptions): Router {
  const router = express.Router();
  router.use('/test-app', testAppRouter());
  if (options.config.ehrSimulator) {
    router.use(simulatorRouter(options));
  }
  return router;
}

function simulatorRouter({ config, auth, logger }: EhrOptions): Router {
  // The sign-in is the authorization server's, shared with it: an app launched from here asks no password.
  const sessions = auth.sessions;
  const fhirBase = `${config.baseUrl}/fhir`;
  const loopback = loopbackFhirUrl(config);
  // The simulator acts as the registry's trusted EHR client; its id is the client_id of the user tokens it makes.
  const ehrClient = auth.clients.find((client) => client.ehr_launch === true)?.client_id;
  // The TARGET app first, then the registry's other apps with a launch URL.
  const launchable = launchableApps(auth.clients);
  const apps: LaunchableApp[] = launchable.map((c) => ({ clientId: c.client_id, name: c.client_name }));
  const launchOrigins = [...new Set(launchable.map((c) => URL.parse(c.launch_url as string)?.origin ?? ''))].filter(
    (origin) => origin && origin !== 'null',
  );
  const form = express.urlencoded({ extended: false, limit: '8kb' });
  const router = express.Router();
  router.use(simulatorHeaders(launchOrigins));
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.get('/ehr.css', (_req, res) => {
    res.sendFile(path.join(import.meta.dirname, 'static', 'ehr.css'));
  });

  const fail = (res: Response, status: number, nl: string, en: string): void => {
    res.status(status).type('html').send(ehrErrorPage(nl, en));
  };
  router.use(
    sameOriginPosts(new URL(config.baseUrl).origin, (res) =>
      fail(
        res,
        403,
        'Dit formulier kwam van een andere website en is geweigerd.',
        'This form was sent from another website and was refused.',
      ),
    ),
  );

  /** The signed-in staff member, or undefined after answering (sign-in page or error). */
  async function staffOf(req: Request, res: Response): Promise<{ session: SignInSession; staff: Staff } | undefined> {
    const session = await sessions.read(req);
    const user = session ? auth.users.get(session.username) : undefined;
    if (!session || !user) {
      res
        .status(401)
        .type('html')
        .send(signInPage({ action: `${EHR_MOUNT_PATH}/login`, failed: false }));
      return undefined;
    }
    const identity = await auth.directory.identify(user);
    if (!STAFF_ROLES.has(identity.role) || !identity.organization) {
      fail(
        res,
        403,
        'Alleen medewerkers van een praktijk kunnen de EPD-simulator gebruiken.',
        'Only practice staff can use the EHR simulator.',
      );
      return undefined;
    }
    if (!ehrClient) {
      fail(
        res,
        503,
        'Er is geen vertrouwde EPD-client (ehr_launch) geregistreerd.',
        'No trusted EHR client (ehr_launch) is registered.',
      );
      return undefined;
    }
    return { session, staff: identity as Staff };
  }

  async function tokenFor(staff: Staff): Promise<string> {
    return issueAccessToken(
      auth.keys,
      {
        sub: staff.username,
        client_id: ehrClient as string,
        scope: READ_SCOPE,
        target_role: staff.role,
        target_organization: staff.organization,
        ...(staff.fhirUser ? { fhirUser: staff.fhirUser } : {}),
      },
      { issuer: auth.issuer, audience: config.authAudience, expiresIn: READ_TOKEN_SECONDS },
    );
  }

  async function viewFor(staff: Staff): Promise<PracticeView> {
    return new PracticeView(
      new FhirHttpReader({ baseUrl: loopback, token: await tokenFor(staff) }),
      staff.organization,
    );
  }

  /** The CDS cards for an opened patient, as an EHR calls its CDS services; undefined when they failed. */
  async function cardsFor(staff: Staff, patientId: string): Promise<ShownCard[] | undefined> {
    try {
      return await patientViewCards({
        servicesUrl: loopback.replace(/\/fhir$/, CDS_MOUNT_PATH),
        fhirServer: fhirBase,
        accessToken: await tokenFor(staff),
        scope: READ_SCOPE,
        userId: staff.fhirUser,
        username: staff.username,
        patientId,
        launchable,
      });
    } catch (err) {
      logger.warn({ err, patient: patientId }, 'EHR simulator: the CDS services did not answer');
      return undefined;
    }
  }

  router.get('/', async (req, res, next) => {
    try {
      const signedIn = await staffOf(req, res);
      if (!signedIn) {
        return;
      }
      const { session, staff } = signedIn;
      const view = await viewFor(staff);
      const query = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
      const pageNumber = Math.min(Math.max(Number.parseInt(String(req.query.page ?? '0'), 10) || 0, 0), 10_000);
      const patientId = typeof req.query.patient === 'string' ? req.query.patient : undefined;
      const [practitioners, patients, banner, practiceName] = await Promise.all([
        view.practitioners(),
        view.patients(query, pageNumber),
        patientId ? view.banner(patientId) : undefined,
        view.practiceName(),
      ]);
      // Cards only for a patient of the practice (the banner read proves it), as the EHR opens the record.
      const cards = banner ? await cardsFor(staff, banner.id) : undefined;
      if (patientId && !banner) {
        fail(res, 404, 'Deze patiënt hoort niet bij uw praktijk.', 'This patient is not a patient of your practice.');
        return;
      }
      res.type('html').send(
        simulatorPage({
          userName: staff.name,
          practiceName,
          csrf: session.csrf,
          practitioner: staff.fhirUser,
          practitioners,
          query,
          patients,
          banner,
          apps,
          cards,
        }),
      );
    } catch (err) {
      next(err);
    }
  });

  router.post('/login', form, async (req, res, next) => {
    try {
      const started = new Date();
      const { username, password } = req.body as { username?: unknown; password?: unknown };
      const result = await auth.signIns.attempt({
        req,
        started,
        username,
        password,
        clientId: ehrClient,
        // Partner workers and patients are turned away exactly like a wrong password: no password is confirmed.
        refuse: (user) => (STAFF_ROLES.has(user.role) ? undefined : 'only practice staff may use the EHR simulator'),
      });
      if (result.outcome === 'unaudited') {
        fail(
          res,
          500,
          'Het auditlog is niet beschikbaar; inloggen kan nu niet.',
          'The audit trail is unavailable; signing in is not possible now.',
        );
        return;
      }
      if (result.outcome !== 'signed-in') {
        if (result.outcome === 'limited') {
          res.set('Retry-After', String(result.retryAfterSeconds));
        }
        res
          .status(result.outcome === 'limited' ? 429 : 401)
          .type('html')
          .send(signInPage({ action: `${EHR_MOUNT_PATH}/login`, failed: true }));
        return;
      }
      await sessions.start(res, result.user.username);
      res.redirect(303, EHR_MOUNT_PATH);
    } catch (err) {
      next(err);
    }
  });

  router.post('/logout', form, async (req, res) => {
    const session = await sessions.read(req);
    if (session && (req.body as { csrf?: unknown }).csrf === session.csrf) {
      sessions.end(res);
    }
    res.redirect(303, EHR_MOUNT_PATH);
  });

  router.post('/launch', form, async (req, res, next) => {
    try {
      const signedIn = await staffOf(req, res);
      if (!signedIn) {
        return;
      }
      const body = req.body as Record<string, unknown>;
      if (body.csrf !== signedIn.session.csrf) {
        fail(res, 403, 'Het formulier is verlopen; probeer het opnieuw.', 'The form has expired; please try again.');
        return;
      }
      const client = launchable.find((c) => c.client_id === body.client_id);
      if (!client?.launch_url) {
        fail(res, 400, 'Kies een geregistreerde SMART-app.', 'Choose a registered SMART app.');
        return;
      }
      const view = await viewFor(signedIn.staff);
      // Without a patient field the launch is in the practice's context only (the practice worklist).
      const practiceLaunch = body.patient === undefined;
      const patient = typeof body.patient === 'string' && body.patient ? await view.banner(body.patient) : undefined;
      if (!patient && !practiceLaunch) {
        fail(res, 400, 'Kies een patiënt van uw praktijk.', 'Choose a patient of your practice.');
        return;
      }
      const practitioner = typeof body.practitioner === 'string' ? body.practitioner : '';
      if (!(await view.employs(practitioner))) {
        fail(res, 400, 'Kies een behandelaar van uw praktijk.', 'Choose a practitioner of your practice.');
        return;
      }
      const { launch } = await auth.launches.create({
        ...(patient ? { patient: patient.id } : {}),
        fhirUser: practitioner,
      });
      const target = new URL(client.launch_url);
      target.searchParams.set('iss', fhirBase);
      target.searchParams.set('launch', launch);
      logger.info({ client: client.client_id, patient: patient?.id, fhirUser: practitioner }, 'EHR simulator launch');
      res.redirect(303, target.href);
    } catch (err) {
      next(err);
    }
  });
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    logger.error({ err }, 'EHR simulator request failed');
    const refused = err instanceof FhirReadError && (err.status === 401 || err.status === 403);
    fail(
      res,
      refused ? 502 : 500,
      refused ? 'De FHIR-server weigerde de simulator.' : 'De EPD-simulator kon dit verzoek niet afhandelen.',
      refused ? 'The FHIR server refused the simulator.' : 'The EHR simulator could not handle this request.',
    );
  });
  return router;
}
