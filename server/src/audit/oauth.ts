// The audit trail of the authorization server: every sign-in attempt at /oauth and /ehr (right or wrong
// password, or refused by the failure limit; the user name typed is recorded, the password never) and every
// answer of the token, introspection, revocation and authorization endpoints that reaches the client. Like
// the FHIR hook, the record is written before the answer leaves: a provider middleware awaits it after
// oidc-provider has built the answer, and a failed write turns the answer into a 500 `server_error` (a 503
// `temporarily_unavailable` with Retry-After when the database had no connection free in time).
import type { AuditEvent, Coding } from '@medplum/fhirtypes';
import type { Request } from 'express';
import { decodeJwt } from 'jose';
import type { KoaContextWithOIDC, Middleware } from 'oidc-provider';
import type { Logger } from '../platform/logger.ts';
import { RETRY_AFTER_SECONDS } from '../platform/outcomes.ts';
import { isTransientDatabaseError } from '../store/database/errors.ts';
import {
  type AuditActor,
  type AuditOrigin,
  buildAuditEvent,
  DCM,
  LOGIN_TYPE,
  namedEntity,
  TARGET_OAUTH_EVENT_SYSTEM,
} from './events.ts';
import type { AuditSink } from './writer.ts';

/** oidc-provider routes whose answers are audited, and their subtype codes. */
const ROUTES: Record<string, string> = {
  token: 'token',
  introspection: 'introspection',
  revocation: 'revocation',
  authorization: 'authorization',
  resume: 'authorization',
};
const LOGIN: Coding = { system: DCM, code: '110122', display: 'Login' };

export interface OAuthAuditOptions {
  readonly sink: AuditSink;
  /** The FHIR base URL: this server as the observer. */
  readonly observer: string;
  readonly logger: Logger;
  /** Path of the sign-in pages (`/oauth/interaction/`): redirects there are steps, not answers. */
  readonly interactionPath: string;
}

export interface LoginAttempt {
  readonly req: Request;
  readonly started: Date;
  /** The user name typed (at most 100 characters kept). */
  readonly username: string;
  /** Who signed in; undefined for a failed attempt. */
  readonly identity?: { readonly username: string; readonly role: string; readonly fhirUser?: string };
  /** Whether the typed name is a known user (then it is recorded as the agent's altId). */
  readonly knownUser: boolean;
  readonly clientId?: string;
  /** Why an attempt was refused other than for a wrong password (the failure limit: 429), with its status. */
  readonly refused?: { readonly status: number; readonly reason: string };
}

export class OAuthAudit {
  private readonly options: OAuthAuditOptions;

  constructor(options: OAuthAuditOptions) {
    this.options = options;
  }

  /** Writes the AuditEvent of a sign-in attempt; false (after logging) when it could not be written. */
  async login(attempt: LoginAttempt): Promise<boolean> {
    const username = attempt.username.slice(0, 100);
    const actor: AuditActor = attempt.identity
      ? { subject: attempt.identity.username, role: attempt.identity.role, fhirUser: attempt.identity.fhirUser }
      : attempt.knownUser
        ? { subject: username }
        : { name: username };
    const event = buildAuditEvent({
      type: LOGIN_TYPE,
      subtype: LOGIN,
      action: 'E',
      status: attempt.identity ? 200 : (attempt.refused?.status ?? 401),
      outcomeText: attempt.identity ? undefined : (attempt.refused?.reason ?? 'wrong user name or password'),
      actor: { ...actor, clientId: attempt.clientId },
      origin: this.origin(attempt.req.ip, attempt.started),
      entities: [],
      patients: [],
    });
    return this.write(event, { route: 'login', username });
  }

  /** Provider middleware: audits the answers of the endpoints in ROUTES before they are sent. */
  middleware(): Middleware {
    return async (ctx, next) => {
      const started = new Date();
      await next();
      const route = ctx.oidc?.route;
      const subtype = route ? ROUTES[route] : undefined;
      if (!subtype) {
        return;
      }
      const location = ctx.response.get('Location');
      if (location && new URL(location, 'http://x').pathname.startsWith(this.options.interactionPath)) {
        return; // On to the sign-in or consent page: the answer comes later (route "resume").
      }
      const event = this.endpointEvent(ctx, subtype, location, started);
      const failure = await this.tryWrite(event, { route: String(route) });
      if (failure) {
        ctx.remove('Location');
        ctx.type = 'json';
        if (isTransientDatabaseError(failure.err)) {
          answerTemporarilyUnavailable(ctx, 'the audit trail could not be written now');
        } else {
          ctx.status = 500;
          ctx.body = { error: 'server_error', error_description: 'the audit trail could not be written' };
        }
      }
    };
  }

  private endpointEvent(ctx: KoaContextWithOIDC, subtype: string, location: string, started: Date): AuditEvent {
    const body = (ctx.body ?? {}) as Record<string, unknown>;
    // An authorization answers by redirect: success carries a code, failure an error (RFC 6749 §4.1.2).
    const redirect = location ? new URL(location, 'http://x').searchParams : undefined;
    const error = (body.error as string | undefined) ?? redirect?.get('error') ?? undefined;
    const description =
      (body.error_description as string | undefined) ?? redirect?.get('error_description') ?? undefined;
    const status = error && ctx.status < 400 ? 400 : ctx.status;
    // The access token was just signed by this server: its claims say who it was issued to.
    const claims = typeof body.access_token === 'string' ? decodeJwt(body.access_token) : undefined;
    const oidc = ctx.oidc;
    const account =
      (oidc.entities.Account as { accountId?: string } | undefined)?.accountId ??
      (oidc.entities.AuthorizationCode as { accountId?: string } | undefined)?.accountId ??
      oidc.session?.accountId;
    const clientId = oidc.client?.clientId ?? (oidc.params?.client_id as string | undefined);
    const actor: AuditActor = {
      subject: (claims?.sub as string | undefined) ?? account ?? (subtype === 'token' ? undefined : clientId),
      role: claims?.target_role as string | undefined,
      fhirUser: claims?.fhirUser as string | undefined,
      clientId,
      name: account ? undefined : 'unauthenticated client',
    };
    const grantType = oidc.params?.grant_type as string | undefined;
    const patient = claims?.patient as string | undefined;
    return buildAuditEvent({
      type: LOGIN_TYPE,
      subtype: { system: TARGET_OAUTH_EVENT_SYSTEM, code: subtype },
      action: 'E',
      status,
      outcomeText: error ? `${error}${description ? `: ${description}` : ''}` : undefined,
      actor,
      origin: this.origin(ctx.ip, started),
      entities: grantType ? [namedEntity(`grant_type ${grantType}`)] : [],
      patients: patient ? [patient] : [],
    });
  }

  private origin(address: string | undefined, started: Date): AuditOrigin {
    return { address, observer: this.options.observer, started };
  }

  private async write(event: AuditEvent, context: Record<string, string>): Promise<boolean> {
    return (await this.tryWrite(event, context)) === undefined;
  }

  /** Undefined once written; the reason (after logging it) when the event could not be. */
  private async tryWrite(event: AuditEvent, context: Record<string, string>): Promise<{ err: unknown } | undefined> {
    try {
      await this.options.sink.write([event]);
      return undefined;
    } catch (err) {
      this.options.logger.error({ err, ...context }, 'authorization request refused: no audit trail');
      return { err };
    }
  }
}

/**
 * RFC 6749's `temporarily_unavailable` as a JSON answer: 503 with Retry-After, for an endpoint that could not
 * reach the database in time (TARGET_DATABASE_WAIT_MS).
 */
export function answerTemporarilyUnavailable(ctx: KoaContextWithOIDC, description: string): void {
  ctx.status = 503;
  ctx.set('Retry-After', String(RETRY_AFTER_SECONDS));
  ctx.type = 'json';
  ctx.body = { error: 'temporarily_unavailable', error_description: description };
}
