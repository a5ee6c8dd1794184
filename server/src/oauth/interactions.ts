// The user-facing steps oidc-provider hands to us (its "interactions"): sign-in, then consent, where a
// standalone launch asking `launch/patient` also picks the patient. Consent creates a fresh Grant for this
// one authorization with exactly the scopes shown, and binds the launch context and the user's TARGET
// claims to it (launch.ts), which is where the token endpoint reads them.
// The sign-in step is completed without a password when the browser carries the sign-in session shared with
// the EHR simulator (sign-in-session.ts): it is that session's user who signs in, never anyone else. The
// consent step is skipped for a client the registry marks `trusted`: the grant is then made as if the user had
// allowed what the consent page would have listed (a standalone launch still shows the patient picker).
import express, { type Request, type Response, type Router } from 'express';
import type { InteractionDetails, Provider } from 'oidc-provider';
import type { RegisteredClient } from './clients.ts';
import type { Directory, Identity, PatientChoice } from './directory.ts';
import type { GrantContext, LaunchRequest, LaunchStore } from './launch.ts';
import { consentPage, errorPage, loginPage } from './pages.ts';
import { cspNonce } from './security.ts';
import type { SignIns } from './sign-in.ts';
import { SHARED_SIGN_IN_AMR, type SignInSessions } from './sign-in-session.ts';
import { OIDC_SCOPES, resourceAndLaunchScopes } from './smart-scopes.ts';
import type { UserStore } from './users.ts';

/** launchContext's answer when the chosen patient is missing or not allowed: show the picker again. */
const PICK_AGAIN = 'pick-again';

export interface InteractionOptions {
  readonly provider: Provider;
  readonly users: UserStore;
  readonly directory: Directory;
  readonly launches: LaunchStore;
  /** Password check, failure limit and audit record of every sign-in attempt (shared with /ehr). */
  readonly signIns: SignIns;
  /** The sign-in shared with the EHR simulator: completes the sign-in step for its user. */
  readonly sessions: SignInSessions;
  /** The registry: which clients are trusted (no consent screen). */
  readonly clients: readonly RegisteredClient[];
  /** The FHIR base URL: the one resource server whose scopes are granted. */
  readonly audience: string;
  /** Path the router is mounted at (`/oauth`), for form actions. */
  readonly mountPath: string;
  readonly grantTtlSeconds: number;
}

/** The scopes this user gets of those requested: what the consent page lists is exactly what is granted. */
export function grantableScopes(requested: string[], identity: Identity, hasLaunch: boolean): string[] {
  const oidc = new Set<string>(OIDC_SCOPES);
  return requested.filter((scope) => {
    if (oidc.has(scope)) {
      return true;
    }
    if (!resourceAndLaunchScopes([scope]).length || scope.startsWith('system/')) {
      return false;
    }
    if (scope === 'launch') {
      return hasLaunch;
    }
    // A patient sees their own record only: user-level access is for staff.
    return !(identity.role === 'patient' && scope.startsWith('user/'));
  });
}

export function interactionRouter(options: InteractionOptions): Router {
  const { provider, users, directory } = options;
  const trusted = new Set(options.clients.filter((c) => c.trusted === true).map((c) => c.client_id));
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '8kb' });
  const base = (uid: string): string => `${options.mountPath}/interaction/${encodeURIComponent(uid)}`;

  const clientName = async (details: InteractionDetails): Promise<string> => {
    const client = await provider.Client.find(String(details.params.client_id));
    return client?.clientName ?? String(details.params.client_id);
  };

  const identityOf = async (details: InteractionDetails): Promise<Identity | undefined> => {
    const user = details.session?.accountId ? users.get(details.session.accountId) : undefined;
    return user ? directory.identify(user) : undefined;
  };

  const renderConsent = async (req: Request, res: Response, details: InteractionDetails, status = 200) => {
    const identity = await identityOf(details);
    if (!identity) {
      await provider.interactionFinished(req, res, { error: 'login_required' }, { mergeWithLastSubmission: false });
      return;
    }
    const requested = String(details.params.scope ?? '')
      .split(' ')
      .filter(Boolean);
    const launch = details.params.launch ? await options.launches.find(details.params.launch) : undefined;
    const query = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    res
      .status(status)
      .type('html')
      .send(
        consentPage({
          nonce: cspNonce(res),
          action: `${base(details.uid)}/consent`,
          searchAction: base(details.uid),
          clientName: await clientName(details),
          userName: identity.name,
          scopes: grantableScopes(requested, identity, launch !== undefined),
          picker: needsPicker(details, identity, launch !== undefined)
            ? { patients: await directory.patientsFor(identity, query), query }
            : undefined,
          launchPatient: launch?.patient ? await launchPatient(identity, launch.patient) : undefined,
          pickOnly: trusted.has(String(details.params.client_id)),
        }),
      );
  };

  /** The EHR launch's patient by name and birth date, as far as this user may see them (else by id alone). */
  const launchPatient = async (identity: Identity, patientId: string): Promise<PatientChoice> =>
    (await directory.patientFor(identity, patientId)) ?? { id: patientId, name: '' };

  /**
   * The user of the shared sign-in session, when it may complete this sign-in step: not when the app asked for
   * a fresh sign-in (`prompt=login`) or named another user (`login_hint`).
   */
  const sharedSignIn = async (req: Request, details: InteractionDetails): Promise<string | undefined> => {
    const session = await options.sessions.read(req);
    if (!session || !users.get(session.username)) {
      return undefined;
    }
    const prompts = String(details.params.prompt ?? '').split(' ');
    const hint = details.params.login_hint;
    if (prompts.includes('login') || (hint !== undefined && hint !== session.username)) {
      return undefined;
    }
    return session.username;
  };

  router.get('/interaction/:uid', async (req, res, next) => {
    try {
      res.set('Cache-Control', 'no-store');
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        const username = await sharedSignIn(req, details);
        if (username) {
          await provider.interactionFinished(
            req,
            res,
            // Marked, so that this session ends with the shared sign-in (provider.ts sessionPolicy).
            { login: { accountId: username, amr: [SHARED_SIGN_IN_AMR] } },
            { mergeWithLastSubmission: false },
          );
          return;
        }
        const action = `${base(details.uid)}/login`;
        const name = await clientName(details);
        res.type('html').send(loginPage({ nonce: cspNonce(res), action, clientName: name, failed: false }));
        return;
      }
      const identity = await identityOf(details);
      if (
        identity &&
        trusted.has(String(details.params.client_id)) &&
        !needsPicker(details, identity, !!details.params.launch)
      ) {
        // Registered by the practice as trusted: what the consent page would list is granted without asking.
        await consent(req, res, details, identity, {});
        return;
      }
      await renderConsent(req, res, details);
    } catch (err) {
      next(err);
    }
  });

  router.post('/interaction/:uid/login', form, async (req, res, next) => {
    try {
      const started = new Date();
      res.set('Cache-Control', 'no-store');
      const details = await provider.interactionDetails(req, res);
      const { username, password } = req.body as { username?: unknown; password?: unknown };
      const clientId = String(details.params.client_id);
      const result = await options.signIns.attempt({ req, started, username, password, clientId });
      if (result.outcome === 'unaudited') {
        res
          .status(500)
          .type('html')
          .send(
            errorPage(cspNonce(res), { error: 'server_error', error_description: 'the audit trail is unavailable' }),
          );
        return;
      }
      if (result.outcome !== 'signed-in') {
        if (result.outcome === 'limited') {
          res.set('Retry-After', String(result.retryAfterSeconds));
        }
        const action = `${base(details.uid)}/login`;
        const name = await clientName(details);
        res
          .status(result.outcome === 'limited' ? 429 : 401)
          .type('html')
          .send(loginPage({ nonce: cspNonce(res), action, clientName: name, failed: true }));
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: result.user.username } },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      next(err);
    }
  });

  router.post('/interaction/:uid/consent', form, async (req, res, next) => {
    try {
      res.set('Cache-Control', 'no-store');
      const details = await provider.interactionDetails(req, res);
      const decision = (req.body as { decision?: string }).decision;
      const deny = (description: string) =>
        provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: description },
          { mergeWithLastSubmission: false },
        );
      if (decision !== 'allow') {
        await deny('the user denied the request');
        return;
      }
      const identity = await identityOf(details);
      if (!identity) {
        await provider.interactionFinished(req, res, { error: 'login_required' }, { mergeWithLastSubmission: false });
        return;
      }
      await consent(req, res, details, identity, req.body as { patient?: unknown });
    } catch (err) {
      next(err);
    }
  });

  /** Whether the user must pick the patient: a standalone launch asking `launch/patient`, by staff or partner. */
  function needsPicker(details: InteractionDetails, identity: Identity, hasLaunch: boolean): boolean {
    const requested = String(details.params.scope ?? '').split(' ');
    return !hasLaunch && requested.includes('launch/patient') && identity.role !== 'patient';
  }

  /** Grants what the consent page lists (the user allowed it, or the client is trusted) and resumes. */
  async function consent(
    req: Request,
    res: Response,
    details: InteractionDetails,
    identity: Identity,
    body: { patient?: unknown },
  ): Promise<void> {
    const context = await launchContext(details, identity, body);
    if (typeof context === 'string') {
      if (context === PICK_AGAIN) {
        await renderConsent(req, res, details, 400);
      } else {
        await provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: context },
          { mergeWithLastSubmission: false },
        );
      }
      return;
    }
    const requested = String(details.params.scope ?? '')
      .split(' ')
      .filter(Boolean);
    const scopes = grantableScopes(requested, identity, details.params.launch !== undefined);
    const oidc = new Set<string>(OIDC_SCOPES);
    const grant = new provider.Grant({ accountId: identity.username, clientId: String(details.params.client_id) });
    grant.addOIDCScope(scopes.filter((s) => oidc.has(s)).join(' '));
    grant.addResourceScope(options.audience, scopes.filter((s) => !oidc.has(s)).join(' '));
    // What was asked but not granted is rejected explicitly, or oidc-provider would ask for consent again.
    const rejected = requested.filter((s) => !scopes.includes(s));
    grant.rejectOIDCScope(rejected.filter((s) => oidc.has(s)).join(' '));
    grant.rejectResourceScope(options.audience, rejected.filter((s) => !oidc.has(s)).join(' '));
    const grantId = await grant.save();
    await options.launches.bindToGrant(grantId, context, options.grantTtlSeconds);
    if (details.params.launch) {
      await options.launches.consume(details.params.launch);
    }
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  /** The context to bind, or a reason to refuse (PICK_AGAIN: show the picker again). */
  async function launchContext(
    details: InteractionDetails,
    identity: Identity,
    body: { patient?: unknown },
  ): Promise<GrantContext | string> {
    const base: GrantContext = {
      username: identity.username,
      role: identity.role,
      ...(identity.organization ? { organization: identity.organization } : {}),
      ...(identity.fhirUser ? { fhirUser: identity.fhirUser } : {}),
      // A patient's tokens always name their own record.
      ...(identity.patient ? { patient: identity.patient } : {}),
      need_patient_banner: true,
    };
    const requested = String(details.params.scope ?? '').split(' ');
    if (details.params.launch) {
      const launch: LaunchRequest | undefined = await options.launches.find(details.params.launch);
      if (!launch) {
        return 'the launch is unknown, expired or already used';
      }
      // A launch made for one user is that user's alone: a user the directory knows no fhirUser of is not them.
      if (launch.fhirUser && launch.fhirUser !== identity.fhirUser) {
        return 'the launch was made for another user';
      }
      if (identity.role === 'patient' && launch.patient !== identity.patient) {
        return 'a patient may only launch in their own record';
      }
      return {
        ...base,
        ...(launch.patient ? { patient: launch.patient } : {}),
        ...(launch.encounter ? { encounter: launch.encounter } : {}),
        need_patient_banner: launch.need_patient_banner ?? true,
        ...(launch.smart_style_url ? { smart_style_url: launch.smart_style_url } : {}),
      };
    }
    if (requested.includes('launch/patient') && identity.role !== 'patient') {
      const chosen = typeof body.patient === 'string' ? body.patient : '';
      if (!(await directory.mayChoose(identity, chosen))) {
        return PICK_AGAIN;
      }
      return { ...base, patient: chosen };
    }
    if (requested.includes('launch/patient') && !base.patient) {
      return 'no patient record is linked to this user';
    }
    return base;
  }

  return router;
}
