// The user-facing steps oidc-provider hands to us (its "interactions"): sign-in, then consent, where a
// standalone launch asking `launch/patient` also picks the patient. Consent creates a fresh Grant for this
// one authorization with exactly the scopes shown, and binds the launch context and the user's TARGET
// claims to it (launch.ts), which is where the token endpoint reads them.
import express, { type Request, type Response, type Router } from 'express';
import type { InteractionDetails, Provider } from 'oidc-provider';
import type { Directory, Identity } from './directory.ts';
import type { GrantContext, LaunchRequest, LaunchStore } from './launch.ts';
import { consentPage, errorPage, loginPage } from './pages.ts';
import { cspNonce } from './security.ts';
import type { SignIns } from './sign-in.ts';
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
    const needsPicker = !launch && requested.includes('launch/patient') && identity.role !== 'patient';
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
          picker: needsPicker ? { patients: await directory.patientsFor(identity, query), query } : undefined,
          launchPatient: launch?.patient,
        }),
      );
  };

  router.get('/interaction/:uid', async (req, res, next) => {
    try {
      res.set('Cache-Control', 'no-store');
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        const action = `${base(details.uid)}/login`;
        const name = await clientName(details);
        res.type('html').send(loginPage({ nonce: cspNonce(res), action, clientName: name, failed: false }));
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
      const context = await launchContext(details, identity, req.body as { patient?: unknown });
      if (typeof context === 'string') {
        if (context === PICK_AGAIN) {
          await renderConsent(req, res, details, 400);
        } else {
          await deny(context);
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
    } catch (err) {
      next(err);
    }
  });

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
        patient: launch.patient,
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
