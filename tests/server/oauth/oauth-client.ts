// A browser and an app, as far as the authorization server can tell: fetch with manual redirects and a
// cookie jar, PKCE, the sign-in and consent forms, the code exchange, and SMART Backend Services client
// assertions. Shared by the tests in this folder.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { importJWK, type JWK, SignJWT } from 'jose';

export class Browser {
  private readonly cookies = new Map<string, string>();

  /** The value of a cookie the browser holds. */
  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Plants a cookie, as a script on another site or a hand-edited cookie store could. */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1).trim()];
      const expired = attributes.some((a) => /expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) {
        this.cookies.delete(name);
      } else {
        this.cookies.set(name, value);
      }
    }
    return response;
  }

  /**
   * Follows redirects from `url` until a page answers (not a redirect) or a redirect leaves for `stopAt`
   * (the app's redirect_uri), which is then returned unfollowed.
   */
  async follow(url: string, stopAt: string, init?: RequestInit): Promise<{ response: Response; location?: URL }> {
    let response = await this.fetch(url, init);
    for (let hops = 0; hops < 10; hops++) {
      const target = response.headers.get('location');
      const autoPost = response.status === 200 ? autoSubmittedForm(await response.clone().text()) : undefined;
      if (autoPost) {
        // oidc-provider's self-submitting form (e.g. ending one user's session before another's sign-in):
        // a browser with scripts posts it at once.
        response = await this.fetch(new URL(autoPost.action, response.url || url).href, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(autoPost.fields).toString(),
        });
        continue;
      }
      if (response.status < 300 || response.status >= 400 || !target) {
        return { response };
      }
      const next = new URL(target, response.url || url);
      if (next.href.startsWith(stopAt)) {
        return { response, location: next };
      }
      response = await this.fetch(next.href);
    }
    throw new Error('too many redirects');
  }

  async postForm(action: string, base: string, fields: Record<string, string>, stopAt: string) {
    return this.follow(new URL(action, base).href, stopAt, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

/** The form of a page that submits itself on load (oidc-provider's form_post pages), with its hidden fields. */
function autoSubmittedForm(html: string): { action: string; fields: Record<string, string> } | undefined {
  if (!html.includes('document.forms[0].submit()')) {
    return undefined;
  }
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) {
    return undefined;
  }
  const fields = Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)].map((m) => [m[1], m[2]]),
  );
  return { action: action.replace(/&amp;/g, '&'), fields };
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The `action` of the form on a page (the first one, or the one with this id). */
export function formAction(html: string, id?: string): string {
  const pattern = id ? new RegExp(`<form[^>]*action="([^"]+)"[^>]*id="${id}"`) : /<form[^>]*action="([^"]+)"/;
  const match = pattern.exec(html);
  if (!match) {
    throw new Error(`no form in page: ${html.slice(0, 300)}`);
  }
  return match[1].replace(/&amp;/g, '&');
}

/** Patient ids offered by the picker. */
export function pickerChoices(html: string): string[] {
  return [...html.matchAll(/name="patient" value="([^"]+)"/g)].map((m) => m[1]);
}

export interface AuthorizeRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: string;
  readonly aud: string;
  readonly state?: string;
  readonly launch?: string;
  readonly codeChallenge?: string;
  readonly extra?: Record<string, string>;
}

export function authorizeUrl(baseUrl: string, request: AuthorizeRequest): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    scope: request.scope,
    aud: request.aud,
    state: request.state ?? randomUUID(),
    ...(request.launch ? { launch: request.launch } : {}),
    ...(request.codeChallenge ? { code_challenge: request.codeChallenge, code_challenge_method: 'S256' } : {}),
    ...request.extra,
  });
  return `${baseUrl}/oauth/auth?${params}`;
}

/**
 * Authorize → sign in → consent (picking `patient` when the picker shows) → the redirect back to the app.
 * @returns The redirect's URL (code, state, iss) and the consent page's HTML.
 */
export async function signInAndConsent(
  browser: Browser,
  url: string,
  redirectUri: string,
  user: { username: string; password: string; patient?: string },
): Promise<{ callback: URL; consentHtml: string }> {
  const login = await browser.follow(url, redirectUri);
  const loginHtml = await login.response.text();
  if (login.response.status !== 200) {
    throw new Error(`expected the sign-in page, got ${login.response.status}: ${loginHtml.slice(0, 300)}`);
  }
  const consent = await browser.postForm(formAction(loginHtml), url, user, redirectUri);
  const consentHtml = await consent.response.text();
  if (consent.location) {
    return { callback: consent.location, consentHtml: '' };
  }
  const fields: Record<string, string> = { decision: 'allow', ...(user.patient ? { patient: user.patient } : {}) };
  const done = await browser.postForm(formAction(consentHtml, 'consent'), url, fields, redirectUri);
  if (!done.location) {
    throw new Error(
      `expected the redirect to the app, got ${done.response.status}: ${(await done.response.text()).slice(0, 300)}`,
    );
  }
  return { callback: done.location, consentHtml };
}

export async function tokenRequest(
  baseUrl: string,
  fields: Record<string, string>,
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the token endpoint answered
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

/** A SMART Backend Services client assertion (RFC 7523), signed with `privateJwk`. */
export async function clientAssertion(
  privateJwk: JWK,
  clientId: string,
  tokenUrl: string,
  options: { jti?: string; expiresIn?: number; alg?: string } = {},
): Promise<string> {
  const alg = options.alg ?? privateJwk.alg ?? 'RS384';
  const key = await importJWK(privateJwk, alg);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg, kid: privateJwk.kid, typ: 'JWT' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenUrl)
    .setJti(options.jti ?? randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 240))
    .sign(key);
}

export async function systemToken(baseUrl: string, privateJwk: JWK, clientId: string, scope: string) {
  const assertion = await clientAssertion(privateJwk, clientId, `${baseUrl}/oauth/token`);
  return tokenRequest(baseUrl, {
    grant_type: 'client_credentials',
    scope,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  });
}
