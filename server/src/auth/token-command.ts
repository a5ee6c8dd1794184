// `npm run target -- token --scope "system/*.cruds" [--user huisarts] [--expires 3600]`: a signed access
// token for administrators and scripts, printed alone on stdout, made with the server's own keys from its
// data folder (auth/keys.ts) so the FHIR API accepts it like one from the authorization server. Without
// --user it is a system token; with --user it carries that demo user's TARGET claims (role, organization,
// fhirUser, patient) as a sign-in would.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { openStore } from '../store/open.ts';
import { loadOrCreateSigningKeys } from './keys.ts';
import { Directory, fixedIdentity, type Identity } from './server/directory.ts';
import { LAUNCH_SCOPES, OIDC_SCOPES, parseResourceScope } from './server/smart-scopes.ts';
import { UserStore } from './server/users.ts';
import { type AccessTokenClaims, issueAccessToken } from './tokens.ts';

export const TOKEN_USAGE = 'Usage: token --scope "<SMART scopes>" [--user <demo user>] [--expires <seconds> (3600)]';
/** The `client_id` of command-line tokens: no registered client, so it can do nothing at /oauth itself. */
export const CLI_CLIENT_ID = 'target-cli';

const EXIT_USAGE = 2;
const MAX_EXPIRES = 24 * 3600;

function usage(message: string): number {
  process.stderr.write(`${message}\n${TOKEN_USAGE}\n`);
  return EXIT_USAGE;
}

export async function runTokenCommand(args: string[]): Promise<number> {
  let values: { scope?: string; user?: string; expires?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { scope: { type: 'string' }, user: { type: 'string' }, expires: { type: 'string' } },
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
  const config = loadConfig();
  const keys = await loadOrCreateSigningKeys(config.dataDir);
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
    const identity = await identify(config, user);
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
  const token = await issueAccessToken(keys, claims, {
    issuer: config.authIssuer,
    audience: config.authAudience,
    expiresIn,
  });
  process.stdout.write(`${token}\n`);
  return 0;
}

/** The user's FHIR identity; the database is opened only when the users file does not fix it. */
async function identify(
  config: ReturnType<typeof loadConfig>,
  user: Parameters<Directory['identify']>[0],
): Promise<Identity> {
  const fixed = fixedIdentity(user);
  if (fixed) {
    return fixed;
  }
  const store = await openStore(config, createLogger({ logLevel: 'silent' }));
  try {
    return await new Directory(store.repo).identify(user);
  } finally {
    await store.close();
  }
}
