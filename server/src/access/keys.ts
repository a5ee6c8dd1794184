// The signing keys of the embedded authorization server: generated on first start into the data folder
// (owner-only file), never committed. The resource server verifies tokens against the public half.
import fs from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

export const SIGNING_ALGORITHM = 'RS256';

export interface SigningKeys {
  /** Private JWKs (with `kid`, `alg`, `use`), the form oidc-provider's `jwks` option takes. */
  readonly privateJwks: JWK[];
  /** The public JWK set, as served at the JWKS endpoint. */
  readonly publicJwks: { keys: JWK[] };
  /** The current signing key and its id. */
  readonly signingKey: CryptoKey;
  readonly kid: string;
}

const FILE = 'signing-keys.json';

function publicPart(jwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
  return publicJwk;
}

async function fromPrivateJwks(privateJwks: JWK[]): Promise<SigningKeys> {
  const [current] = privateJwks;
  const signingKey = (await importJWK(current, SIGNING_ALGORITHM)) as CryptoKey;
  return { privateJwks, publicJwks: { keys: privateJwks.map(publicPart) }, signingKey, kid: current.kid as string };
}

/**
 * Reads the key set from `${dataDir}/keys/`, creating it on first use.
 * @param dataDir - The server's data folder.
 * @returns The keys (the first one signs).
 */
export async function loadOrCreateSigningKeys(dataDir: string): Promise<SigningKeys> {
  const dir = path.join(dataDir, 'keys');
  const file = path.join(dir, FILE);
  try {
    return await fromPrivateJwks(JSON.parse(await fs.readFile(file, 'utf8')) as JWK[]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw err;
    }
  }
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  const privateJwks = [{ ...jwk, kid: crypto.randomUUID(), alg: SIGNING_ALGORITHM, use: 'sig' }];
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  // `wx`: two processes starting at once must not overwrite each other's fresh key.
  try {
    await fs.writeFile(file, JSON.stringify(privateJwks), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      return fromPrivateJwks(JSON.parse(await fs.readFile(file, 'utf8')) as JWK[]);
    }
    throw err;
  }
  return fromPrivateJwks(privateJwks);
}
