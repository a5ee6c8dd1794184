// One sign-in for every form that takes a demo user's password: the authorization server's sign-in page
// (/oauth) and the EHR simulator's (/ehr). Both count failures against the same limit per IP address and user
// name, check the password the same way and leave the same audit record (DCM 110114 / 110122 Login, the
// name typed, never the password), so neither form is a cheaper place to guess or a quieter one.
import type { Request } from 'express';
import type { OAuthAudit } from '../audit/oauth.ts';
import type { Directory, Identity } from './directory.ts';
import { FailedSignInLimit, LOGIN_FAILURES_PER_WINDOW } from './security.ts';
import type { DemoUser, UserStore } from './users.ts';

/** Longest password checked: scrypt of a huge body would cost CPU for nothing. */
const MAX_PASSWORD_LENGTH = 256;
const LIMIT_REACHED = `too many failed sign-ins: the limit of ${LOGIN_FAILURES_PER_WINDOW} in 15 minutes was reached`;

export interface SignInRequest {
  readonly req: Request;
  /** When the request arrived (the audit record's period). */
  readonly started: Date;
  /** The form's fields, as posted. */
  readonly username: unknown;
  readonly password: unknown;
  /** The OAuth client the user signs in to: the audit record's second agent. */
  readonly clientId?: string;
  /**
   * Why this form turns away a user even with the right password (e.g. "not practice staff"), or undefined.
   * Such a user gets the answer of a wrong password and counts as a failure, so the form confirms no
   * password; it is decided from the users file alone, so it takes exactly as long. The reason goes to the
   * audit trail only.
   */
  readonly refuse?: (user: DemoUser) => string | undefined;
}

export type SignInResult =
  | { readonly outcome: 'signed-in'; readonly user: DemoUser; readonly identity: Identity }
  /** Wrong user name or password, or a user the form refuses: answer 401. */
  | { readonly outcome: 'failed' }
  /** The failure limit is reached: answer 429 (with Retry-After), whatever the password. */
  | { readonly outcome: 'limited'; readonly retryAfterSeconds: number }
  /** The audit record could not be written (the reason is logged): answer 500. */
  | { readonly outcome: 'unaudited' };

export class SignIns {
  private readonly users: UserStore;
  private readonly directory: Directory;
  private readonly audit: OAuthAudit;
  private readonly limit = new FailedSignInLimit();

  constructor(options: { users: UserStore; directory: Directory; audit: OAuthAudit }) {
    this.users = options.users;
    this.directory = options.directory;
    this.audit = options.audit;
  }

  async attempt(request: SignInRequest): Promise<SignInResult> {
    const { req, started, username, password, clientId } = request;
    const typed = typeof username === 'string' ? username : '';
    const attempt = { req, started, username: typed, knownUser: this.users.get(typed) !== undefined, clientId };
    const counted = this.limit.count(req.ip, typed);
    if (counted.limited) {
      const audited = await this.audit.login({ ...attempt, refused: { status: 429, reason: LIMIT_REACHED } });
      return audited ? { outcome: 'limited', retryAfterSeconds: counted.retryAfterSeconds } : { outcome: 'unaudited' };
    }
    const user =
      typeof username === 'string' && typeof password === 'string' && password.length <= MAX_PASSWORD_LENGTH
        ? await this.users.authenticate(typed, password)
        : undefined;
    const refusal = user ? request.refuse?.(user) : undefined;
    const identity = user && !refusal ? await this.directory.identify(user) : undefined;
    const audited = await this.audit.login({
      ...attempt,
      identity,
      ...(refusal ? { refused: { status: 401, reason: refusal } } : {}),
    });
    if (!audited) {
      return { outcome: 'unaudited' };
    }
    if (!user || !identity) {
      return { outcome: 'failed' };
    }
    counted.succeeded();
    return { outcome: 'signed-in', user, identity };
  }

  close(): void {
    this.limit.close();
  }
}
