// One typed loader for all configuration. Every setting comes from a `TARGET_…` environment variable;
// a bad value stops the process at start instead of surfacing as a strange error later.
import path from 'node:path';

export interface Config {
  /** TCP port of the HTTP server; 0 picks a free port (tests). */
  readonly port: number;
  /** Host/interface to bind. */
  readonly host: string;
  /** Folder for the embedded database (PGlite) and generated keys. */
  readonly dataDir: string;
  /** `postgres://…` URL of a PostgreSQL server; when absent the embedded PGlite database is used. */
  readonly databaseUrl: string | undefined;
  /** Public base URL of the server (without `/fhir`), used in Bundle links and `fullUrl`s. */
  readonly baseUrl: string;
  /** pino log level. */
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest accepted request body, in bytes (TARGET_MAX_BODY_BYTES, default 16 MiB; over it: 413). */
  readonly maxBodyBytes: number;
  /**
   * Deepest nesting of objects and arrays in a JSON body under /fhir (TARGET_MAX_JSON_DEPTH, default 64;
   * deeper: 400). The deepest resource in R4 core and our profiles nests 19 levels (CodeSystem v3-ActCode).
   */
  readonly maxJsonDepth: number;
  /**
   * Most JSON values (objects, arrays, strings, numbers, …) in one body under /fhir (TARGET_MAX_JSON_ELEMENTS,
   * default 200,000; more: 400). The largest R4 core resource has 19,245 (ValueSet c80-doc-typecodes), a
   * demo resource 43. Storing a Patient of 480,000 values (160,000 identifiers) took 11 s on PGlite, in
   * the server's own thread; 200,000 bounds that to about 5 s.
   */
  readonly maxJsonElements: number;
  /**
   * Most entries in one batch or transaction Bundle, entries of nested batch Bundles included
   * (TARGET_MAX_BATCH_ENTRIES, default 500; more: 413, before any entry runs).
   */
  readonly maxBatchEntries: number;
  /**
   * Longest one SQL statement of an HTTP request may run on PostgreSQL, in ms (TARGET_STATEMENT_TIMEOUT_MS,
   * default 30,000; 0: no limit; over it: 503). Jobs and commands have none; PGlite cannot interrupt a
   * statement, so there the request bounds are what limits the work.
   */
  readonly statementTimeoutMs: number;
  /**
   * Longest time a client may take to send one whole request, headers and body, in ms
   * (TARGET_REQUEST_TIMEOUT_MS, default 120,000; Node's `requestTimeout`; over it: 408). At least the 66 s
   * headers timeout.
   */
  readonly requestTimeoutMs: number;
  /** Maximum number of pooled connections to a PostgreSQL server. */
  readonly databasePoolSize: number;
  /**
   * Longest a request waits for a free pooled PostgreSQL connection, in ms (TARGET_DATABASE_WAIT_MS, default
   * 5,000); past it the request is answered 503 with Retry-After instead of queueing on.
   */
  readonly databaseWaitMs: number;
  /** Resources kept in the in-process read cache (0 disables it). */
  readonly readCacheSize: number;
  /** Issuer whose access tokens the FHIR API accepts (default: the embedded authorization server). */
  readonly authIssuer: string;
  /** JWKS URL of an external authorization server; absent: the embedded server's keys, read locally. */
  readonly authJwksUrl: string | undefined;
  /** Audience access tokens must carry (default: the FHIR base URL). */
  readonly authAudience: string;
  /** Password of every demo user of the embedded authorization server; absent: generated on first start. */
  readonly demoPassword: string | undefined;
  /** JSON client registry of the embedded authorization server (default `${dataDir}/auth/clients.json`). */
  readonly clientsFile: string;
  /** Serve the EHR simulator at /ehr (TARGET_EHR_SIMULATOR, default on): a demo tool that creates launches. */
  readonly ehrSimulator: boolean;
  /**
   * FHIR base URL of a terminology server (TARGET_TERMINOLOGY_URL; absent: none). With one, the SNOMED CT
   * descendants of the chronic-disease codes count too (ValueSet/$expand with ECL, cached in memory per
   * process; programme/selection/terminology.ts); without, or when it does not answer, the starter
   * ConceptMap and the practices' own codes only.
   */
  readonly terminologyUrl: string | undefined;
  /** Longest wait for one answer of the terminology server, in ms (TARGET_TERMINOLOGY_TIMEOUT_MS, default 10,000). */
  readonly terminologyTimeoutMs: number;
  /** The SMART app's production build served at /app (TARGET_APP_DIR, default `smart-app/dist` of this checkout). */
  readonly appDir: string;
  /**
   * Origins besides this server's that the app at /app may connect to (TARGET_APP_FHIR_ORIGINS, comma-separated
   * URLs; default none): the FHIR servers, and their authorization servers, of the EHRs the app is launched
   * from (a standalone launch may name a foreign FHIR base). They go into the app's CSP connect-src.
   */
  readonly appFhirOrigins: readonly string[];
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export class ConfigError extends Error {}

function readInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

/** A comma-separated list of http(s) URLs, reduced to their origins. */
function readOrigins(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name] ?? '';
  const origins = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const url = URL.parse(item);
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        throw new ConfigError(`${name} must be comma-separated http(s) URLs, got "${item}"`);
      }
      return url.origin;
    });
  return [...new Set(origins)];
}

function readUrl(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${raw}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${url.protocol}"`);
  }
  return raw;
}

/**
 * Reads the configuration from the environment.
 * @param env - The environment (defaults to `process.env`).
 * @param overrides - Values that win over the environment; tests set them here, in one place.
 * @returns The validated configuration.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = readInteger(env, 'TARGET_PORT', 8080, 0, 65535);
  const host = env.TARGET_HOST || '0.0.0.0';
  const logLevel = (env.TARGET_LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`TARGET_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const baseUrl = readUrl(env, 'TARGET_BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const base = baseUrl.replace(/\/+$/, '');
  const dataDir = path.resolve(env.TARGET_DATA_DIR || './data');
  const demoPassword = env.TARGET_DEMO_PASSWORD || undefined;
  // A short shared password would make the demo accounts guessable from outside the sandbox.
  if (demoPassword !== undefined && demoPassword.length < 8) {
    throw new ConfigError('TARGET_DEMO_PASSWORD must have at least 8 characters');
  }
  const simulator = (env.TARGET_EHR_SIMULATOR || 'on').toLowerCase();
  if (!['on', 'off', 'true', 'false'].includes(simulator)) {
    throw new ConfigError(`TARGET_EHR_SIMULATOR must be on or off, got "${env.TARGET_EHR_SIMULATOR}"`);
  }
  const config: Config = {
    port,
    host,
    dataDir,
    databaseUrl: readUrl(env, 'TARGET_DATABASE_URL', ['postgres:', 'postgresql:']),
    baseUrl: base,
    logLevel,
    maxBodyBytes: readInteger(env, 'TARGET_MAX_BODY_BYTES', 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxJsonDepth: readInteger(env, 'TARGET_MAX_JSON_DEPTH', 64, 8, 10_000),
    maxJsonElements: readInteger(env, 'TARGET_MAX_JSON_ELEMENTS', 200_000, 1000, 100_000_000),
    maxBatchEntries: readInteger(env, 'TARGET_MAX_BATCH_ENTRIES', 500, 1, 100_000),
    statementTimeoutMs: readInteger(env, 'TARGET_STATEMENT_TIMEOUT_MS', 30_000, 0, 24 * 3600 * 1000),
    requestTimeoutMs: readInteger(env, 'TARGET_REQUEST_TIMEOUT_MS', 120_000, 66_000, 3600 * 1000),
    databasePoolSize: readInteger(env, 'TARGET_DATABASE_POOL_SIZE', 10, 1, 200),
    databaseWaitMs: readInteger(env, 'TARGET_DATABASE_WAIT_MS', 5_000, 10, 600_000),
    readCacheSize: readInteger(env, 'TARGET_READ_CACHE_SIZE', 20_000, 0, 10_000_000),
    authIssuer: readUrl(env, 'TARGET_AUTH_ISSUER', ['http:', 'https:']) ?? `${overrides.baseUrl ?? base}/oauth`,
    authJwksUrl: readUrl(env, 'TARGET_AUTH_JWKS_URL', ['http:', 'https:']),
    authAudience: readUrl(env, 'TARGET_AUTH_AUDIENCE', ['http:', 'https:']) ?? `${overrides.baseUrl ?? base}/fhir`,
    demoPassword,
    clientsFile: env.TARGET_CLIENTS_FILE
      ? path.resolve(env.TARGET_CLIENTS_FILE)
      : path.join(overrides.dataDir ?? dataDir, 'auth', 'clients.json'),
    ehrSimulator: simulator === 'on' || simulator === 'true',
    terminologyUrl: readUrl(env, 'TARGET_TERMINOLOGY_URL', ['http:', 'https:']),
    terminologyTimeoutMs: readInteger(env, 'TARGET_TERMINOLOGY_TIMEOUT_MS', 10_000, 100, 120_000),
    appDir: env.TARGET_APP_DIR
      ? path.resolve(env.TARGET_APP_DIR)
      : path.resolve(import.meta.dirname, '../../smart-app/dist'),
    appFhirOrigins: readOrigins(env, 'TARGET_APP_FHIR_ORIGINS'),
    ...overrides,
  };
  return config;
}
