// 5: access tokens an attacker could send: malformed, unsigned (alg none), signed with another key or with
// the public key as an HMAC secret, for another issuer or audience, expired, not yet valid, with huge or
// fuzzed claims. Tokens are signed once per case with jose, the library the server verifies with.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { loadOrCreateSigningKeys, type SigningKeys } from '../../../../server/src/access/keys.ts';
import type { Config } from '../../../../server/src/config.ts';
import { hostileString } from './arbitraries.ts';

const base64url = (text: string): string => Buffer.from(text).toString('base64url');

/** How a token goes wrong. */
export type Forgery =
  | { kind: 'malformed'; token: string }
  | { kind: 'alg-none'; claims: JWTPayload }
  | { kind: 'hmac-with-public-key'; claims: JWTPayload }
  | { kind: 'other-key'; claims: JWTPayload }
  | { kind: 'wrong-issuer'; issuer: string }
  | { kind: 'wrong-audience'; audience: string }
  | { kind: 'expired'; secondsAgo: number }
  | { kind: 'not-yet-valid'; secondsAhead: number }
  | { kind: 'bad-claims'; claims: JWTPayload };

const segment = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 60 }).map(base64url),
  fc.constantFrom(
    '',
    '=',
    'eyJ',
    'eyJhbGciOiJub25lIn0',
    '....',
    'e30',
    base64url('{"alg":"RS256","kid":"../../keys"}'),
  ),
);

const claims: fc.Arbitrary<JWTPayload> = fc.record({
  sub: fc.oneof(fc.constant('test-administrator'), hostileString),
  scope: fc.oneof(fc.constant('system/*.cruds'), hostileString),
  target_role: fc.constantFrom('system', 'gp', 'patient'),
});

/** Claims that break the server's own rules: wrong types, unknown roles, a huge scope or subject. */
const badClaims: fc.Arbitrary<JWTPayload> = fc.oneof(
  fc.record({ target_role: fc.oneof(hostileString, fc.constant('admin')) }),
  fc.record({ sub: fc.constantFrom('', 0 as unknown as string) }),
  fc.record({ target_organization: fc.constantFrom(1 as unknown as string, '', ['a'] as unknown as string) }),
  fc.record({ scope: fc.constantFrom(42 as unknown as string, ['system/*.cruds'] as unknown as string) }),
  // Huge, yet inside Node's 16 KiB header limit (beyond it Node itself answers 431 before any route runs).
  fc.integer({ min: 1000, max: 7000 }).map((n) => ({ target_organization: { x: 'y'.repeat(n) } as unknown as string })),
);

export const forgery: fc.Arbitrary<Forgery> = fc.oneof(
  fc
    .oneof(
      fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.')),
      fc.string({ unit: 'grapheme-ascii', maxLength: 200 }),
      fc.integer({ min: 1000, max: 5000 }).map((n) => `${'a'.repeat(n)}.${'b'.repeat(n)}.c`),
    )
    .map((token) => ({ kind: 'malformed' as const, token })),
  claims.map((c) => ({ kind: 'alg-none' as const, claims: c })),
  claims.map((c) => ({ kind: 'hmac-with-public-key' as const, claims: c })),
  claims.map((c) => ({ kind: 'other-key' as const, claims: c })),
  hostileString.map((issuer) => ({ kind: 'wrong-issuer' as const, issuer })),
  hostileString.map((audience) => ({ kind: 'wrong-audience' as const, audience })),
  fc.integer({ min: 31, max: 10 ** 9 }).map((secondsAgo) => ({ kind: 'expired' as const, secondsAgo })),
  fc.integer({ min: 120, max: 10 ** 9 }).map((secondsAhead) => ({ kind: 'not-yet-valid' as const, secondsAhead })),
  badClaims.map((c) => ({ kind: 'bad-claims' as const, claims: c })),
);

/** The keys and names a server trusts, and a key pair it does not. */
export class TokenForge {
  private readonly config: Config;
  private readonly keys: SigningKeys;
  private readonly otherKey: CryptoKey;

  private constructor(config: Config, keys: SigningKeys, otherKey: CryptoKey) {
    this.config = config;
    this.keys = keys;
    this.otherKey = otherKey;
  }

  static async of(config: Config): Promise<TokenForge> {
    const keys = await loadOrCreateSigningKeys(config.dataDir);
    const { privateKey } = await generateKeyPair('RS256');
    return new TokenForge(config, keys, privateKey);
  }

  private signed(payload: JWTPayload, overrides: { issuer?: string; audience?: string; alg?: string } = {}) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      sub: 'test-administrator',
      client_id: 'test-administrator',
      scope: 'system/*.cruds',
      target_role: 'system',
      ...payload,
    })
      .setProtectedHeader({ alg: overrides.alg ?? 'RS256', kid: this.keys.kid })
      .setIssuer(overrides.issuer ?? this.config.authIssuer)
      .setAudience(overrides.audience ?? this.config.authAudience)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + 3600);
  }

  /** The token of a forgery: one the server must refuse with 401. */
  async token(forgery: Forgery): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    switch (forgery.kind) {
      case 'malformed':
        return forgery.token;
      case 'alg-none': {
        const payload = {
          iss: this.config.authIssuer,
          aud: this.config.authAudience,
          jti: randomUUID(),
          exp: now + 3600,
          ...forgery.claims,
        };
        return `${base64url('{"alg":"none","typ":"JWT"}')}.${base64url(JSON.stringify(payload))}.`;
      }
      case 'hmac-with-public-key': {
        const secret = new TextEncoder().encode(JSON.stringify(this.keys.publicJwks.keys[0]));
        return this.signed(forgery.claims, { alg: 'HS256' }).sign(secret);
      }
      case 'other-key':
        return this.signed(forgery.claims).sign(this.otherKey);
      case 'wrong-issuer':
        return this.signed({}, { issuer: forgery.issuer }).sign(this.keys.signingKey);
      case 'wrong-audience':
        return this.signed({}, { audience: forgery.audience }).sign(this.keys.signingKey);
      case 'expired':
        return this.signed({})
          .setIssuedAt(now - forgery.secondsAgo - 3600)
          .setExpirationTime(now - forgery.secondsAgo)
          .sign(this.keys.signingKey);
      case 'not-yet-valid':
        return this.signed({})
          .setNotBefore(now + forgery.secondsAhead)
          .sign(this.keys.signingKey);
      case 'bad-claims':
        return this.signed(forgery.claims).sign(this.keys.signingKey);
    }
  }

  /** A valid token whose scope and role are fuzzed: the server may grant or refuse, never fail. */
  async scoped(scope: string, role: string, organization?: string): Promise<string> {
    return this.signed({
      scope,
      target_role: role,
      ...(organization ? { target_organization: organization } : {}),
    }).sign(this.keys.signingKey);
  }
}

/** Scope strings built from SMART grammar pieces, well-formed ones and hostile text. */
export const fuzzedScope: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc
        .tuple(
          fc.constantFrom('system', 'user', 'patient', 'launch', 'openid', '', 'System'),
          fc.constantFrom('/', '//', ':', ''),
          fc.constantFrom('Patient', 'Observation', '*', 'Bogus', '', '..'),
          fc.constantFrom('.', '..', ''),
          fc.constantFrom('read', 'write', '*', 'r', 's', 'rs', 'cruds', 'dsurc', 'x', '', 'c?_id=1'),
        )
        .map((parts) => parts.join('')),
      fc.constantFrom('system/*.cruds', 'system/Patient.cs', 'user/Patient.rs', 'patient/*.read', 'user/*.write'),
      hostileString,
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(' '));

/** Whether a scope string holds anything shaped like a grant on Patient; without one the answer is 401 or 403. */
export function mayGrantPatient(scope: string): boolean {
  return /(^|\s)(system|user|patient)\/(Patient|\*)\./i.test(scope);
}
