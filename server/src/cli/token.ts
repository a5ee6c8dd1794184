// `npm run target -- token --scope "system/*.cruds" [--user huisarts] [--expires 3600]`: a signed access
// token for administrators and scripts, printed alone on stdout, made with the server's own keys from its
// data folder (access/keys.ts) so the FHIR API accepts it like one from the authorization server. Without
// --user it is a system token; with --user it carries that demo user's TARGET claims (role, organization,
// fhirUser, patient) as a sign-in would; while a server holds the embedded database, that server is asked
// who the user is (the command never opens a PGlite folder another process has open). A running server's own
// issuer and audience are used (its port may not be this shell's TARGET_PORT).
import { parseArgs } from 'node:util';
import { loadOrCreateSigningKeys, type SigningKeys } from '../access/keys.ts';
import { type AccessTokenClaims, issueAccessToken } from '../access/tokens.ts';
import { loadConfig } from '../config.ts';
import { Directory, fixedIdentity, type Identity } from '../oauth/directory.ts';
import { LAUNCH_SCOPES, OIDC_SCOPES, parseResourceScope } from '../oauth/smart-scopes.ts';
import { UserStore } from '../oauth/users.ts';
import { openServerStore } from '../open-server-store.ts';
import { EmbeddedDatabaseBusy, EmbeddedDatabaseLock, embeddedDatabaseHolder } from '../platform/embedded-lock.ts';
import { createLogger } from '../platform/logger.ts';
import { remoteDirectory } from './remote-directory.ts';

export const TOKEN_USAGE =
  'Usage: token --scope "<SMART scopes>" [--user <demo user>] [--expires <seconds> (3600)] [--server <base URL>]';
/** The `client_id` of command-line tokens: no registered client, so it can do nothing at /oauth itself. */
export const CLI_CLIENT_ID = 'target-cli';

const EXIT_USAGE = 2;
const EXIT_FAILURE = 1;
const MAX_EXPIRES = 24 * 3600;

function usage(message: string): number {
  process.stderr.write(`${message}\n${TOKEN_USAGE}\n`);
  return EXIT_USAGE;
}

export async function runTokenCommand(args: string[]): Promise<number> {
  let values: { scope?: string; user?: string; expires?: string; server?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        scope: { type: 'string' },
        user: { type: 'string' },
        expires: { type: 'string' },
        server: { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    return usage((err as Error).message);
  }
  const scopes = (values.scope ?? '').split(' ').filter(Boolean);
  if (scopes.length === 0) {
    return usage('--scope is required');
  }
  const known = new Set<string>([...OIDC_SCOPES, ...LAUNCH_SCOPES]);
  const unknown = scopes.find((scope) => !known.has(scope) && !parseResourceScope(scope));
  if (unknown) {
    return usage(`"${unknown}" is not a SMART scope`);
  }
  const expiresIn = Number(values.expires ?? 3600);
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES) {
    return usage(`--expires must be a whole number of seconds from 1 to ${MAX_EXPIRES}`);
  }
  if (values.server !== undefined && !/^https?:\/\/[^/]/.test(values.server)) {
    return usage(`--server must be the server's base URL (http://host:port), got "${values.server}"`);
  }
  const config = loadConfig();
  const keys = await loadOrCreateSigningKeys(config.dataDir);
  let target: TokenTarget;
  try {
    target = await tokenTarget(config, values.server);
  } catch (err) {
    if (err instanceof IdentityUnavailable) {
      process.stderr.write(`${err.message}\n`);
      return EXIT_FAILURE;
    }
    throw err;
  }
  let claims: AccessTokenClaims = {
    sub: CLI_CLIENT_ID,
    client_id: CLI_CLIENT_ID,
    scope: scopes.join(' '),
    target_role: 'system',
  };
  if (values.user !== undefined) {
    const { store, generated } = await UserStore.open(config.dataDir, config.demoPassword);
    for (const [username, password] of Object.entries(generated)) {
      // First use of this data folder: the accounts were just created, and this is the only time to see these.
      process.stderr.write(`demo user ${username}: password ${password}\n`);
    }
    const user = store.get(values.user);
    if (!user) {
      return usage(
        `unknown demo user "${values.user}" (${store
          .list()
          .map((u) => u.username)
          .join(', ')})`,
      );
    }
    let identity: Identity;
    try {
      identity = await identify(config, target, keys, user);
    } catch (err) {
      if (err instanceof IdentityUnavailable || err instanceof EmbeddedDatabaseBusy) {
        process.stderr.write(`${err.message}\n`);
        return EXIT_FAILURE;
      }
      throw err;
    }
    claims = {
      sub: user.username,
      client_id: CLI_CLIENT_ID,
      scope: claims.scope,
      target_role: identity.role,
      ...(identity.organization ? { target_organization: identity.organization } : {}),
      ...(identity.patient ? { patient: identity.patient } : {}),
      ...(identity.fhirUser ? { fhirUser: identity.fhirUser } : {}),
    };
  }
  const token = await issueAccessToken(keys, claims, { ...target.claims, expiresIn });
  process.stdout.write(`${token}\n`);
  return 0;
}

/** Why the token cannot be made (the server to sign for, or the user's identity, is unknown); one line. */
class IdentityUnavailable extends Error {}

/** The server a token is for: its issuer and audience, and where to reach it (when it runs). */
interface TokenTarget {
  claims: { issuer: string; audience: string };
  url?: string;
}

/**
 * Tokens are checked for issuer and audience, which follow the server's base URL (TARGET_BASE_URL, else
 * localhost and its TARGET_PORT). The settings of this shell may differ from the server's: the port above
 * all. So when the server is known to run — `--server`, or the process that holds the embedded database —
 * its own issuer is read from its SMART configuration, and the audience is its FHIR base beside it
 * (TARGET_AUTH_AUDIENCE when that is set here).
 */
async function tokenTarget(config: ReturnType<typeof loadConfig>, server: string | undefined): Promise<TokenTarget> {
  const url =
    server?.replace(/\/+$/, '') ??
    (config.databaseUrl ? undefined : (await embeddedDatabaseHolder(config.dataDir))?.url);
  if (!url) {
    return { claims: { issuer: config.authIssuer, audience: config.authAudience } };
  }
  let issuer: unknown;
  try {
    const response = await fetch(`${url}/.well-known/smart-configuration`, { signal: AbortSignal.timeout(5000) });
    issuer = response.ok ? ((await response.json()) as { issuer?: unknown }).issuer : undefined;
  } catch {
    issuer = undefined;
  }
  if (typeof issuer !== 'string') {
    throw new IdentityUnavailable(
      `No TARGET server answers at ${url} (its /.well-known/smart-configuration names no issuer): ` +
        'start it, or give its base URL with --server.',
    );
  }
  const audience = process.env.TARGET_AUTH_AUDIENCE ? config.authAudience : `${issuer.replace(/\/oauth$/, '')}/fhir`;
  return { claims: { issuer, audience }, url };
}

/**
 * The user's FHIR identity. The users file may fix it; otherwise the Directory looks it up in the database:
 * a PostgreSQL server directly, an embedded database only when no other process holds it. A server holding
 * it is asked over its FHIR API instead (a second process aborts or corrupts PGlite).
 */
async function identify(
  config: ReturnType<typeof loadConfig>,
  target: TokenTarget,
  keys: SigningKeys,
  user: Parameters<Directory['identify']>[0],
): Promise<Identity> {
  const fixed = fixedIdentity(user);
  if (fixed) {
    return fixed;
  }
  if (config.databaseUrl) {
    return identifyInStore(config, user);
  }
  const holder = await embeddedDatabaseHolder(config.dataDir);
  if (holder?.url) {
    const directory = await remoteDirectory({
      fhirBase: `${target.url ?? holder.url}/fhir`,
      keys,
      ...target.claims,
      clientId: CLI_CLIENT_ID,
    });
    try {
      return await directory.identify(user);
    } catch (err) {
      throw new IdentityUnavailable(
        `The server holding ${config.dataDir} (process ${holder.pid}, ${holder.url}) could not look up ` +
          `"${user.username}": ${(err as Error).message}. Run this command with the server's TARGET_ settings.`,
      );
    }
  }
  const lock = await EmbeddedDatabaseLock.acquire(config.dataDir, 'token');
  try {
    return await identifyInStore(config, user);
  } finally {
    await lock.release();
  }
}

async function identifyInStore(
  config: ReturnType<typeof loadConfig>,
  user: Parameters<Directory['identify']>[0],
): Promise<Identity> {
  const store = await openServerStore(config, createLogger({ logLevel: 'silent' }));
  try {
    return await new Directory(store.repo).identify(user);
  } finally {
    await store.close();
  }
}
