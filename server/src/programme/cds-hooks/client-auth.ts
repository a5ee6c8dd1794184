// Who is calling the CDS service (CDS Hooks 2.0 §Trusting CDS Clients): a CDS client authenticates with a
// short-lived JWT in `Authorization: Bearer`, signed with its private key. We accept it from a trusted EHR of
// the client registry (`ehr_launch`, keys in its `jwks`): `iss` = its client_id, `aud` = the service's URL,
// `exp` at most five minutes ahead, each `jti` once (the same atomic replay store as the token endpoint's
// client assertions, so racing replays lose too).
import { createLocalJWKSet, decodeJwt, type JWTPayload, jwtVerify } from 'jose';
import { PostgresAdapter } from '../../oauth/adapter.ts';
import type { RegisteredClient } from '../../oauth/index.ts';
import type { Database } from '../../store/database/database.ts';

/** The CDS client is not (or not properly) authenticated: 401. */
export class CdsClientAuthError extends Error {}

const ALGORITHMS = ['ES384', 'RS384'];
const MAX_LIFETIME_SECONDS = 5 * 60;
const CLOCK_TOLERANCE_SECONDS = 30;

export class CdsClientVerifier {
  private readonly clients: Map<string, RegisteredClient>;
  private readonly replay: PostgresAdapter;

  constructor(clients: readonly RegisteredClient[], db: Database) {
    this.clients = new Map(
      clients.filter((c) => c.ehr_launch === true && c.jwks?.keys?.length).map((c) => [c.client_id, c]),
    );
    // oidc-provider's replay model: its insert refuses an id that is already there and not expired.
    this.replay = new PostgresAdapter(db, 'ReplayDetection');
  }

  /** The client_id of the verified caller; throws CdsClientAuthError otherwise. */
  async verify(authorization: string | undefined, serviceUrl: string): Promise<string> {
    const jwt = /^Bearer ([^\s]+)$/i.exec(authorization ?? '')?.[1];
    if (!jwt) {
      throw new CdsClientAuthError('a CDS client JWT (Authorization: Bearer) or fhirAuthorization is required');
    }
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(jwt);
    } catch {
      throw new CdsClientAuthError('the Authorization bearer is not a JWT');
    }
    const client = typeof unverified.iss === 'string' ? this.clients.get(unverified.iss) : undefined;
    if (!client?.jwks) {
      throw new CdsClientAuthError('the JWT issuer is not a trusted EHR client of this server');
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(jwt, createLocalJWKSet(client.jwks), {
        issuer: client.client_id,
        audience: serviceUrl,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'iat', 'jti'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (err) {
      throw new CdsClientAuthError(`the CDS client JWT is invalid: ${(err as Error).message}`);
    }
    const now = Math.floor(Date.now() / 1000);
    const exp = payload.exp as number;
    if (exp - now > MAX_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS) {
      throw new CdsClientAuthError('the CDS client JWT may live at most five minutes');
    }
    try {
      await this.replay.upsert(
        `cds-hooks:${client.client_id}:${payload.jti}`,
        { jti: String(payload.jti) },
        exp - now + 60,
      );
    } catch {
      throw new CdsClientAuthError('the CDS client JWT was used before (jti)');
    }
    return client.client_id;
  }
}
