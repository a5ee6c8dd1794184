// The embedded SMART authorization server, mounted at /oauth. Everything it needs is created here from the
// configuration: signing and cookie keys (data folder), demo users, the client registry, the oidc-provider
// instance and the Express router in front of it (security headers, rate limits, launch creation, our
// interaction pages, then oidc-provider's own endpoints). See README "Authorization".
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import express, { type Router } from 'express';
import type { Provider } from 'oidc-provider';
import { loadOrCreateSigningKeys, type SigningKeys } from '../access/keys.ts';
import type { OAuthAudit } from '../audit/oauth.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../platform/logger.ts';
import type { Database } from '../store/database/database.ts';
import type { PostgresRepository } from '../store/repository.ts';
import { sweepExpired } from './adapter.ts';
import { loadClientRegistry, type RegisteredClient } from './clients.ts';
import { Directory } from './directory.ts';
import { interactionRouter } from './interactions.ts';
import { LaunchStore } from './launch.ts';
import { launchRouter } from './launch-route.ts';
import { createProvider, GRANT_TTL_SECONDS } from './provider.ts';
import { securityHeaders, tokenRateLimit } from './security.ts';
import { SignIns } from './sign-in.ts';
import { SignInSessions } from './sign-in-session.ts';
import { UserStore } from './users.ts';

export { loadEhrSimulatorKey, type RegisteredClient, TARGET_APP_CLIENT_ID } from './clients.ts';
export type { Identity, PatientChoice } from './directory.ts';
export type { GrantContext, LaunchRequest } from './launch.ts';
export type { SignInSession, SignInSessions } from './sign-in-session.ts';

/** Where app.ts mounts the router; the issuer is `${baseUrl}${AUTH_MOUNT_PATH}`. */
export const AUTH_MOUNT_PATH = '/oauth';
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

export interface AuthorizationServer {
  /** Mount at AUTH_MOUNT_PATH. */
  readonly router: Router;
  readonly provider: Provider;
  readonly issuer: string;
  readonly keys: SigningKeys;
  /** EHR launch contexts: `launches.create({ patient, encounter?, fhirUser? })` → `{ launch, expires_in }`. */
  readonly launches: LaunchStore;
  readonly clients: readonly RegisteredClient[];
  readonly users: UserStore;
  readonly directory: Directory;
  /** Every password check, /oauth's and /ehr's: one failure limit, one audit record. */
  readonly signIns: SignIns;
  /** The sign-in session shared by the EHR simulator and the authorization server (no second password). */
  readonly sessions: SignInSessions;
  /** Stops the sweeping of expired rows and sign-in counters (the database is closed by its owner). */
  close(): void;
}

/** Random keys for oidc-provider's signed cookies, kept in the data folder so sessions survive restarts. */
async function loadOrCreateCookieKeys(dataDir: string): Promise<string[]> {
  const file = path.join(dataDir, 'keys', 'cookie-keys.json');
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as string[];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw err;
    }
  }
  const keys = [randomBytes(32).toString('base64url')];
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    await fs.writeFile(file, JSON.stringify(keys), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      return JSON.parse(await fs.readFile(file, 'utf8')) as string[];
    }
    throw err;
  }
  return keys;
}

export async function createAuthorizationServer(options: {
  config: Config;
  db: Database;
  repo: PostgresRepository;
  logger: Logger;
  /** The audit trail of sign-ins and token, introspection, revocation and authorization answers. */
  audit: OAuthAudit;
  /** Other mount paths the shared sign-in cookie is sent to besides /oauth: the EHR simulator's. */
  sessionPaths?: readonly string[];
}): Promise<AuthorizationServer> {
  const { config, db, repo, logger, audit } = options;
  const issuer = `${config.baseUrl}${AUTH_MOUNT_PATH}`;
  const keys = await loadOrCreateSigningKeys(config.dataDir);
  const cookieKeys = await loadOrCreateCookieKeys(config.dataDir);
  const { store: users, generated } = await UserStore.open(config.dataDir, config.demoPassword);
  if (Object.keys(generated).length > 0) {
    // Shown once, on the start that created the accounts; only the hashes are kept.
    logger.warn({ passwords: generated }, 'demo users created; their passwords are shown only this once');
  }
  const clients = await loadClientRegistry({
    clientsFile: config.clientsFile,
    dataDir: config.dataDir,
    baseUrl: config.baseUrl,
    // A file the operator named (TARGET_CLIENTS_FILE) must exist; only the default one is generated.
    explicit: config.clientsFile !== path.join(config.dataDir, 'auth', 'clients.json'),
  });
  const directory = new Directory(repo);
  const launches = new LaunchStore(db);
  const signIns = new SignIns({ users, directory, audit });
  const sessions = new SignInSessions({
    keys,
    issuer,
    paths: [...(options.sessionPaths ?? []), AUTH_MOUNT_PATH],
  });
  const audience = config.authAudience;
  const provider = createProvider({
    issuer,
    audience,
    keys,
    cookieKeys,
    db,
    clients,
    users,
    directory,
    launches,
    logger,
    audit,
    sessions,
  });

  const formOrigins = [
    ...new Set(clients.flatMap((c) => c.redirect_uris ?? []).map((uri) => URL.parse(uri)?.origin ?? '')),
  ].filter((origin) => origin && origin !== 'null');
  const router = express.Router();
  router.use(securityHeaders(formOrigins));
  router.use('/token', tokenRateLimit());
  router.get('/smart-style.json', (_req, res) => {
    // SMART smart_style_url: colours an app may use to look at home in our EHR simulator.
    res.set('Cache-Control', 'public, max-age=3600').json({
      color_background: '#f4f6f8',
      color_error: '#b42318',
      color_highlight: '#1f6feb',
      color_modal_backdrop: '',
      color_success: '#1a7f37',
      color_text: '#1d2733',
      dim_border_radius: '8px',
      dim_font_size: '16px',
      dim_spacing_size: '16px',
      font_family_body: 'system-ui, sans-serif',
      font_family_heading: 'system-ui, sans-serif',
    });
  });
  router.use(launchRouter({ keys, issuer, audience, clients, directory, launches, repo }));
  router.use(
    interactionRouter({
      provider,
      users,
      directory,
      launches,
      signIns,
      sessions,
      clients,
      audience,
      mountPath: AUTH_MOUNT_PATH,
      grantTtlSeconds: GRANT_TTL_SECONDS,
    }),
  );
  router.use(provider.callback());

  const sweeper = setInterval(() => {
    sweepExpired(db).catch((err: unknown) => logger.warn({ err }, 'could not remove expired authorization state'));
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();
  return {
    router,
    provider,
    issuer,
    keys,
    launches,
    clients,
    users,
    directory,
    signIns,
    sessions,
    close: () => {
      clearInterval(sweeper);
      signIns.close();
    },
  };
}
