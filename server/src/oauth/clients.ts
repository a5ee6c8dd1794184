// The client registry: which SMART apps and backend systems may use the authorization server. One JSON file
// (`TARGET_CLIENTS_FILE`, default `${dataDir}/auth/clients.json`); on first start, without a file, a demo
// registry is generated: the TARGET app served at /app (public client, PKCE, trusted: no consent screen), the
// SMART test app served under /ehr/test-app (public client, PKCE) and the EHR simulator (a backend client with
// private_key_jwt whose private key is written next to the signing keys). A generated demo registry from an
// earlier version, without the TARGET app, gets it added on start; a registry the operator wrote is never
// changed (see `isGeneratedDemoRegistry`).
import fs from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { OIDC_SCOPES, parseResourceScope } from './smart-scopes.ts';

/** One registry entry, in the file's own (snake_case, OAuth metadata) form. */
export interface RegisteredClient {
  readonly client_id: string;
  readonly client_name: string;
  /** `none` (public app, PKCE) or `private_key_jwt` (backend services, SMART asymmetric auth). */
  readonly token_endpoint_auth_method: 'none' | 'private_key_jwt';
  readonly redirect_uris?: readonly string[];
  /** Public keys for `private_key_jwt` (RS384 or ES384). */
  readonly jwks?: { keys: JWK[] };
  /** Everything the client may ask for: OIDC, launch and SMART resource scopes (`patient/*.rs` covers less). */
  readonly scope: string;
  /** Where the EHR simulator opens the app with `iss` and `launch`. */
  readonly launch_url?: string;
  /** The partner Organization a backend system acts for; its tokens carry it as `target_organization`. */
  readonly target_organization?: string;
  /** A trusted EHR: may create launch contexts (POST /oauth/launch). */
  readonly ehr_launch?: boolean;
  /**
   * Registered by the practice as trusted: no consent screen. The user still signs in, and the grant holds
   * only the requested scopes the registration and the user's role allow (interactions.ts).
   */
  readonly trusted?: boolean;
}

/** The TARGET SMART app's client_id (served at /app). */
export const TARGET_APP_CLIENT_ID = 'target-app';
/** Client ids of the demo registry generated before the TARGET app was registered in it. */
const EARLIER_DEMO_CLIENT_IDS = ['target-test-app', 'target-ehr-simulator'];

interface RegistryFile {
  /** Set on registries this server generated: they may be completed on later starts. */
  readonly generated?: 'demo';
  readonly clients?: unknown;
}

export class ClientRegistryError extends Error {}

/** The web origins of registered apps (their redirect and launch URLs): who may call us from a browser. */
export function appOrigins(clients: readonly Pick<RegisteredClient, 'redirect_uris' | 'launch_url'>[]): Set<string> {
  const urls = clients.flatMap((client) => [
    ...(client.redirect_uris ?? []),
    ...(client.launch_url ? [client.launch_url] : []),
  ]);
  return new Set(urls.map((url) => URL.parse(url)?.origin).filter((origin): origin is string => Boolean(origin)));
}

const EHR_SIMULATOR_KEY_FILE = 'ehr-simulator-key.json';
const CLIENT_ASSERTION_ALG = 'RS384';

/** Reads the registry, generating the demo registry when the default file does not exist yet. */
export async function loadClientRegistry(options: {
  clientsFile: string;
  dataDir: string;
  baseUrl: string;
  /** True when the operator named the file (TARGET_CLIENTS_FILE): a missing file is then an error. */
  explicit: boolean;
}): Promise<RegisteredClient[]> {
  let text: string;
  try {
    text = await fs.readFile(options.clientsFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || options.explicit) {
      throw new ClientRegistryError(
        `cannot read the client registry ${options.clientsFile}: ${(err as Error).message}`,
      );
    }
    const clients = await demoRegistry(options.dataDir, options.baseUrl);
    await fs.mkdir(path.dirname(options.clientsFile), { recursive: true, mode: 0o700 });
    const file: RegistryFile = { generated: 'demo', clients };
    await fs.writeFile(options.clientsFile, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return clients;
  }
  const parsed = JSON.parse(text) as RegistryFile;
  const clients = checkRegistry(parsed, options.clientsFile);
  if (options.explicit || !isGeneratedDemoRegistry(parsed, clients)) {
    return clients;
  }
  if (clients.some((client) => client.client_id === TARGET_APP_CLIENT_ID)) {
    return clients;
  }
  // A demo registry generated before the TARGET app existed: it is ours to complete, first in the list.
  const completed = [targetApp(options.baseUrl), ...clients];
  const file: RegistryFile = { generated: 'demo', clients: completed };
  await fs.writeFile(options.clientsFile, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  return completed;
}

/**
 * Whether a registry file at the default location is one this server generated: marked `"generated": "demo"`
 * (since the TARGET app was added), or, from earlier versions, holding exactly the demo's two clients. Any
 * other file is the operator's and is never rewritten.
 */
export function isGeneratedDemoRegistry(parsed: RegistryFile, clients: readonly RegisteredClient[]): boolean {
  if (parsed.generated === 'demo') {
    return true;
  }
  const ids = new Set(clients.map((client) => client.client_id));
  return ids.size === EARLIER_DEMO_CLIENT_IDS.length && EARLIER_DEMO_CLIENT_IDS.every((id) => ids.has(id));
}

function checkRegistry(parsed: RegistryFile, file: string): RegisteredClient[] {
  if (!Array.isArray(parsed.clients)) {
    throw new ClientRegistryError(`${file}: expected {"clients": [...]}`);
  }
  const seen = new Set<string>();
  for (const client of parsed.clients as RegisteredClient[]) {
    const where = `${file}: client ${JSON.stringify(client.client_id)}`;
    if (typeof client.client_id !== 'string' || client.client_id === '' || seen.has(client.client_id)) {
      throw new ClientRegistryError(`${where}: client_id must be a unique non-empty string`);
    }
    seen.add(client.client_id);
    if (client.token_endpoint_auth_method !== 'none' && client.token_endpoint_auth_method !== 'private_key_jwt') {
      throw new ClientRegistryError(`${where}: token_endpoint_auth_method must be none or private_key_jwt`);
    }
    if (client.token_endpoint_auth_method === 'none' && !client.redirect_uris?.length) {
      throw new ClientRegistryError(`${where}: a public client needs redirect_uris`);
    }
    if (client.trusted !== undefined && typeof client.trusted !== 'boolean') {
      throw new ClientRegistryError(`${where}: trusted must be true or false`);
    }
    if (client.token_endpoint_auth_method === 'private_key_jwt' && !client.jwks?.keys?.length) {
      throw new ClientRegistryError(`${where}: private_key_jwt needs jwks with the client's public keys`);
    }
    const oidc = new Set<string>(OIDC_SCOPES);
    for (const scope of (client.scope ?? '').split(' ').filter(Boolean)) {
      if (!oidc.has(scope) && !scope.startsWith('launch') && !parseResourceScope(scope)) {
        throw new ClientRegistryError(`${where}: "${scope}" is not a SMART scope`);
      }
    }
  }
  return parsed.clients as RegisteredClient[];
}

/** oidc-provider client metadata for a registry entry (SMART scopes travel in `smart_scopes`). */
export function toProviderMetadata(client: RegisteredClient): Record<string, unknown> {
  const scopes = client.scope.split(' ').filter(Boolean);
  const oidc = new Set<string>(OIDC_SCOPES);
  const isPublic = client.token_endpoint_auth_method === 'none';
  const hasRedirects = (client.redirect_uris?.length ?? 0) > 0;
  const grantTypes = hasRedirects ? ['authorization_code', 'refresh_token'] : [];
  if (!isPublic) {
    grantTypes.push('client_credentials');
  }
  return {
    client_id: client.client_id,
    client_name: client.client_name,
    token_endpoint_auth_method: client.token_endpoint_auth_method,
    ...(isPublic ? {} : { jwks: client.jwks }),
    redirect_uris: client.redirect_uris ?? [],
    response_types: hasRedirects ? ['code'] : [],
    grant_types: grantTypes,
    scope: scopes.filter((scope) => oidc.has(scope)).join(' ') || undefined,
    smart_scopes: scopes.filter((scope) => !oidc.has(scope)).join(' '),
    ...(client.launch_url ? { launch_url: client.launch_url } : {}),
    ...(client.target_organization ? { target_organization: client.target_organization } : {}),
    ehr_launch: client.ehr_launch === true,
  };
}

async function demoRegistry(dataDir: string, baseUrl: string): Promise<RegisteredClient[]> {
  const { privateKey, publicKey } = await generateKeyPair(CLIENT_ASSERTION_ALG, { extractable: true });
  const kid = crypto.randomUUID();
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: CLIENT_ASSERTION_ALG };
  const keyDir = path.join(dataDir, 'keys');
  await fs.mkdir(keyDir, { recursive: true, mode: 0o700 });
  await fs.writeFile(path.join(keyDir, EHR_SIMULATOR_KEY_FILE), JSON.stringify(privateJwk), { mode: 0o600 });
  const appBase = `${baseUrl}/ehr/test-app`;
  return [
    targetApp(baseUrl),
    {
      client_id: 'target-test-app',
      client_name: 'SMART test app',
      token_endpoint_auth_method: 'none',
      redirect_uris: [`${appBase}/`, `${appBase}/index.html`],
      // A diagnostic that only reads: no write scopes (what each role may write at all is in access/roles.ts).
      scope:
        'openid fhirUser profile offline_access online_access launch launch/patient launch/encounter patient/*.rs user/*.rs',
      launch_url: `${appBase}/launch.html`,
    },
    {
      client_id: 'target-ehr-simulator',
      client_name: 'EHR simulator',
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: CLIENT_ASSERTION_ALG }] },
      scope: 'system/Patient.rs system/Encounter.rs system/Practitioner.rs system/PractitionerRole.rs',
      ehr_launch: true,
    },
  ];
}

/** The TARGET app served at /app: a public client (PKCE), registered by the practice as trusted. */
function targetApp(baseUrl: string): RegisteredClient {
  return {
    client_id: TARGET_APP_CLIENT_ID,
    client_name: 'TARGET',
    token_endpoint_auth_method: 'none',
    redirect_uris: [`${baseUrl}/app/callback`],
    // What a role may actually read and write is decided per request by the access rules (access/roles.ts).
    scope:
      'openid fhirUser profile offline_access online_access launch launch/patient launch/encounter patient/*.cruds user/*.cruds',
    launch_url: `${baseUrl}/app/launch`,
    trusted: true,
  };
}

/** The EHR simulator client's private key (generated with the demo registry), for its client assertions. */
export async function loadEhrSimulatorKey(dataDir: string): Promise<JWK | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(dataDir, 'keys', EHR_SIMULATOR_KEY_FILE), 'utf8')) as JWK;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw err;
  }
}
