// Why a launch failed, as a stable code the launch pages turn into words (messages.ts), with the detail the
// server gave (an OAuth error_description, an HTTP status) kept for the reader who needs it.

export type LaunchErrorCode =
  /** /app/launch without `iss`. */
  | 'missing-iss'
  /** `{iss}/.well-known/smart-configuration` missing, unreadable or without the endpoints we need. */
  | 'discovery'
  /** The server does not offer PKCE S256, which a public client must use. */
  | 'no-pkce'
  /** The user (or the server on their behalf) refused: OAuth `access_denied`. */
  | 'denied'
  /** Another OAuth error on the redirect back (invalid_scope, server_error…). */
  | 'authorization'
  /** The callback's `state` is not one this tab started: a forged or replayed redirect. */
  | 'state'
  /** The launch was started too long ago, or the session's token ran out without a way to renew it. */
  | 'expired'
  /** The token endpoint refused the code (or answered something that is not a token). */
  | 'token'
  /** Opened a page that needs a launch without one in this tab. */
  | 'no-session';

export class LaunchError extends Error {
  readonly code: LaunchErrorCode;
  readonly detail?: string;

  constructor(code: LaunchErrorCode, detail?: string) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'LaunchError';
    this.code = code;
    this.detail = detail;
  }
}
