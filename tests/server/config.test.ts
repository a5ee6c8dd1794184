import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../server/src/config.ts';

describe('loadConfig', () => {
  test('uses the documented defaults when no TARGET_ variable is set', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      baseUrl: 'http://localhost:8080',
      logLevel: 'info',
      maxBodyBytes: 16 * 1024 * 1024,
      maxJsonDepth: 64,
      maxJsonElements: 200_000,
      maxBatchEntries: 500,
      statementTimeoutMs: 30_000,
      requestTimeoutMs: 120_000,
      databasePoolSize: 10,
      databaseWaitMs: 5_000,
      readCacheSize: 20_000,
      authIssuer: 'http://localhost:8080/oauth',
      authJwksUrl: undefined,
      authAudience: 'http://localhost:8080/fhir',
      demoPassword: undefined,
      clientsFile: path.join(path.resolve('./data'), 'auth', 'clients.json'),
      ehrSimulator: true,
      terminologyUrl: undefined,
      terminologyTimeoutMs: 10_000,
      appDir: path.resolve(import.meta.dirname, '../../smart-app/dist'),
      appFhirOrigins: [],
    });
  });

  test('the app is served from TARGET_APP_DIR and may connect to the origins of TARGET_APP_FHIR_ORIGINS', () => {
    expect(
      loadConfig({
        TARGET_APP_DIR: '/srv/target-app',
        TARGET_APP_FHIR_ORIGINS: 'https://ehr.example/fhir/r4, https://auth.ehr.example:8443/oauth,https://ehr.example',
      }),
    ).toMatchObject({
      appDir: '/srv/target-app',
      appFhirOrigins: ['https://ehr.example', 'https://auth.ehr.example:8443'],
    });
    expect(() => loadConfig({ TARGET_APP_FHIR_ORIGINS: 'ehr.example' })).toThrow(
      'TARGET_APP_FHIR_ORIGINS must be comma-separated http(s) URLs, got "ehr.example"',
    );
    expect(() => loadConfig({ TARGET_APP_FHIR_ORIGINS: 'https://x.example,javascript:alert(1)' })).toThrow(
      /TARGET_APP_FHIR_ORIGINS/,
    );
  });

  test('a terminology server is named by TARGET_TERMINOLOGY_URL; a value that is no http(s) URL stops the start', () => {
    expect(
      loadConfig({ TARGET_TERMINOLOGY_URL: 'https://tx.example/fhir', TARGET_TERMINOLOGY_TIMEOUT_MS: '2500' }),
    ).toMatchObject({ terminologyUrl: 'https://tx.example/fhir', terminologyTimeoutMs: 2500 });
    expect(() => loadConfig({ TARGET_TERMINOLOGY_URL: 'tx.example/fhir' })).toThrow(
      'TARGET_TERMINOLOGY_URL must be a URL, got "tx.example/fhir"',
    );
    expect(() => loadConfig({ TARGET_TERMINOLOGY_URL: 'ftp://tx.example/fhir' })).toThrow(
      'TARGET_TERMINOLOGY_URL must use http: or https:, got "ftp:"',
    );
    expect(() => loadConfig({ TARGET_TERMINOLOGY_TIMEOUT_MS: '0' })).toThrow(/TARGET_TERMINOLOGY_TIMEOUT_MS/);
  });

  test('the EHR simulator is on unless TARGET_EHR_SIMULATOR says off', () => {
    expect(loadConfig({ TARGET_EHR_SIMULATOR: 'off' }).ehrSimulator).toBe(false);
    expect(loadConfig({ TARGET_EHR_SIMULATOR: 'on' }).ehrSimulator).toBe(true);
    expect(() => loadConfig({ TARGET_EHR_SIMULATOR: 'maybe' })).toThrow(/TARGET_EHR_SIMULATOR/);
  });

  test('the authorization server reads its demo password and client registry from TARGET_ settings', () => {
    expect(loadConfig({ TARGET_DATA_DIR: '/var/lib/target', TARGET_DEMO_PASSWORD: 'a-long-password' })).toMatchObject({
      demoPassword: 'a-long-password',
      clientsFile: '/var/lib/target/auth/clients.json',
    });
    expect(loadConfig({ TARGET_CLIENTS_FILE: '/etc/target/clients.json' }).clientsFile).toBe(
      '/etc/target/clients.json',
    );
    expect(loadConfig({}, { dataDir: '/tmp/x' }).clientsFile).toBe('/tmp/x/auth/clients.json');
    expect(() => loadConfig({ TARGET_DEMO_PASSWORD: 'short' })).toThrow(/TARGET_DEMO_PASSWORD/);
  });

  test('the embedded authorization server is trusted by default, an external one through TARGET_AUTH_*', () => {
    expect(loadConfig({ TARGET_BASE_URL: 'https://target.example' })).toMatchObject({
      authIssuer: 'https://target.example/oauth',
      authAudience: 'https://target.example/fhir',
    });
    expect(
      loadConfig({ TARGET_AUTH_ISSUER: 'https://idp.example', TARGET_AUTH_JWKS_URL: 'https://idp.example/jwks' }),
    ).toMatchObject({ authIssuer: 'https://idp.example', authJwksUrl: 'https://idp.example/jwks' });
    expect(() => loadConfig({ TARGET_AUTH_JWKS_URL: 'ftp://x' })).toThrow(/TARGET_AUTH_JWKS_URL/);
  });

  test('ignores variables without the TARGET_ prefix', () => {
    expect(loadConfig({ PORT: '9999', DATABASE_URL: 'postgres://x@y/z' })).toMatchObject({
      port: 8080,
      databaseUrl: undefined,
    });
  });

  test.each([
    ['TARGET_PORT', '9090', { port: 9090, baseUrl: 'http://localhost:9090' }],
    ['TARGET_HOST', '127.0.0.1', { host: '127.0.0.1' }],
    ['TARGET_DATA_DIR', '/var/lib/target', { dataDir: '/var/lib/target' }],
    ['TARGET_DATA_DIR', 'relative/data', { dataDir: path.resolve('relative/data') }],
    ['TARGET_DATABASE_URL', 'postgres://u@db:5432/target', { databaseUrl: 'postgres://u@db:5432/target' }],
    ['TARGET_DATABASE_URL', 'postgresql://u@db/target', { databaseUrl: 'postgresql://u@db/target' }],
    ['TARGET_BASE_URL', 'https://target.example.org', { baseUrl: 'https://target.example.org' }],
    ['TARGET_LOG_LEVEL', 'debug', { logLevel: 'debug' }],
    ['TARGET_LOG_LEVEL', 'silent', { logLevel: 'silent' }],
    ['TARGET_MAX_BODY_BYTES', '1048576', { maxBodyBytes: 1048576 }],
    ['TARGET_MAX_JSON_DEPTH', '32', { maxJsonDepth: 32 }],
    ['TARGET_MAX_JSON_ELEMENTS', '100000', { maxJsonElements: 100_000 }],
    ['TARGET_MAX_BATCH_ENTRIES', '100', { maxBatchEntries: 100 }],
    ['TARGET_STATEMENT_TIMEOUT_MS', '0', { statementTimeoutMs: 0 }],
    ['TARGET_REQUEST_TIMEOUT_MS', '300000', { requestTimeoutMs: 300_000 }],
    ['TARGET_DATABASE_POOL_SIZE', '25', { databasePoolSize: 25 }],
    ['TARGET_DATABASE_WAIT_MS', '2000', { databaseWaitMs: 2000 }],
    ['TARGET_READ_CACHE_SIZE', '0', { readCacheSize: 0 }],
  ])('reads %s=%s', (name, value, expected) => {
    expect(loadConfig({ [name]: value })).toMatchObject(expected);
  });

  test.each([
    ['TARGET_PORT', 'abc'],
    ['TARGET_PORT', '-1'],
    ['TARGET_PORT', '65536'],
    ['TARGET_PORT', '80.5'],
    ['TARGET_DATABASE_URL', 'mysql://u@db/target'],
    ['TARGET_DATABASE_URL', 'http://db/target'],
    ['TARGET_DATABASE_URL', 'not a url'],
    ['TARGET_BASE_URL', 'ftp://target.example.org'],
    ['TARGET_LOG_LEVEL', 'verbose'],
    ['TARGET_MAX_BODY_BYTES', '10'],
    ['TARGET_MAX_JSON_DEPTH', '4'],
    ['TARGET_MAX_JSON_ELEMENTS', 'many'],
    ['TARGET_MAX_BATCH_ENTRIES', '0'],
    ['TARGET_STATEMENT_TIMEOUT_MS', '-1'],
    ['TARGET_REQUEST_TIMEOUT_MS', '1000'],
    ['TARGET_DATABASE_POOL_SIZE', '0'],
    ['TARGET_DATABASE_WAIT_MS', '0'],
  ])('rejects %s=%s with a ConfigError naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  test('treats an empty variable as unset', () => {
    expect(loadConfig({ TARGET_PORT: '', TARGET_DATABASE_URL: '', TARGET_HOST: '' })).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: undefined,
    });
  });

  test.each([
    ['http://localhost:8080/', 'http://localhost:8080'],
    ['https://target.example.org/base//', 'https://target.example.org/base'],
    ['https://target.example.org/base', 'https://target.example.org/base'],
  ])('strips trailing slashes from the base URL %s', (raw, expected) => {
    expect(loadConfig({ TARGET_BASE_URL: raw }).baseUrl).toBe(expected);
  });

  test('overrides win over the environment', () => {
    const config = loadConfig({ TARGET_PORT: '9090', TARGET_LOG_LEVEL: 'debug' }, { port: 0, logLevel: 'silent' });
    expect(config).toMatchObject({ port: 0, logLevel: 'silent' });
  });
});
