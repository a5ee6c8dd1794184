// Wires the server together: database, search index registry, repository, FHIR router and HTTP.
// Each concern lives in its own folder; this file only connects them.
import { readFileSync } from 'node:fs';
import type { Express } from 'express';
import express from 'express';
import { authenticate } from './access/authenticate.ts';
import { createTokenVerifier } from './access/verify.ts';
import { APP_MOUNT_PATH, appRouter } from './app-host/index.ts';
import { auditTrail } from './audit/http.ts';
import { OAuthAudit } from './audit/oauth.ts';
import { AuditWriter } from './audit/writer.ts';
import type { Config } from './config.ts';
import { EHR_MOUNT_PATH, ehrRouter } from './ehr/index.ts';
import { apiSecurity } from './fhir/api-security.ts';
import { buildCapabilityStatement } from './fhir/capability.ts';
import { installConformanceResources } from './fhir/conformance.ts';
import { fhirHttpRouter, nulFreeUrls } from './fhir/http.ts';
import { operationRoutes, registerOperationJobs } from './fhir/operations/index.ts';
import type { TargetServices } from './fhir/operations/services.ts';
import { createFhirRouter } from './fhir/routes.ts';
import { JobService, jobsHttpRouter } from './jobs/index.ts';
import { appOrigins } from './oauth/clients.ts';
import { discoveryRouter } from './oauth/discovery.ts';
import { AUTH_MOUNT_PATH, type AuthorizationServer, createAuthorizationServer } from './oauth/index.ts';
import { openServerStore } from './open-server-store.ts';
import { compressAnswers } from './platform/compression.ts';
import type { Logger } from './platform/logger.ts';
import { requestLog } from './platform/request-log.ts';
import { CDS_MOUNT_PATH, cdsHooksRouter } from './programme/cds-hooks/index.ts';
import { selectionTerminology, warmTerminology } from './programme/selection/terminology.ts';
import { withStatementTimeout } from './store/database/database.ts';
import type { PostgresRepository } from './store/repository.ts';

export interface TargetServer {
  readonly app: Express;
  readonly repo: PostgresRepository;
  readonly jobs: JobService;
  /** The embedded SMART authorization server (launch contexts, client registry, demo users). */
  readonly auth: AuthorizationServer;
  /** The audit trail's writer (tests swap nothing: they make the database refuse AuditEvents instead). */
  readonly audit: AuditWriter;
  close(): Promise<void>;
}

const packageVersion = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export async function createTargetServer(config: Config, logger: Logger): Promise<TargetServer> {
  const store = await openServerStore(config, logger);
  const { db, registry, repo } = store;
  let closeJobs = async (): Promise<void> => undefined;
  let closeAuth = (): void => undefined;
  try {
    const fhirBaseUrl = repo.fhirBaseUrl;
    const jobs = await JobService.start({ db, fhirBaseUrl, logger });
    closeJobs = () => jobs.close();
    const terminology = selectionTerminology(config, logger);
    warmTerminology(terminology);
    const services: TargetServices = { jobs, fhirBaseUrl, logger, ...(terminology ? { terminology } : {}) };
    registerOperationJobs(services, { db, registry, repo });
    const operations = operationRoutes(services);
    const router = createFhirRouter(operations);
    const supportedProfiles = await installConformanceResources(repo, logger);
    const capabilityStatement = buildCapabilityStatement({
      supportedProfiles,
      router,
      operations,
      registry,
      fhirBaseUrl,
      softwareVersion: packageVersion,
    });
    logger.info({ database: db.kind }, 'database ready');
    // The audit trail (NEN 7513): every FHIR answer and every sign-in and token answer, written before it leaves.
    const audit = new AuditWriter(repo, logger);
    const oauthAudit = new OAuthAudit({
      sink: audit,
      observer: fhirBaseUrl,
      logger,
      interactionPath: `${AUTH_MOUNT_PATH}/interaction/`,
    });
    const auth = await createAuthorizationServer({
      config,
      db,
      repo,
      logger,
      audit: oauthAudit,
      // The simulator's sign-in is the authorization server's session too: no second password at launch.
      sessionPaths: config.ehrSimulator ? [EHR_MOUNT_PATH] : [],
    });
    closeAuth = () => auth.close();

    const app = express();
    app.disable('x-powered-by');
    app.use(requestLog(logger));
    // br or gzip as the client accepts: the CapabilityStatement the app reads at launch is ~1 MB of JSON.
    app.use(compressAnswers());
    // Every statement a request causes is bounded on PostgreSQL (store/database.ts); jobs it starts are not.
    app.use((_req, _res, next) => withStatementTimeout(config.statementTimeoutMs, next));
    app.get('/healthz', async (_req, res) => {
      try {
        await db.query('SELECT 1');
        res.json({ status: 'ok', database: db.kind });
      } catch {
        res.status(503).json({ status: 'unavailable', database: db.kind });
      }
    });
    // SMART discovery (also under /fhir, ahead of the FHIR router) and the authorization server.
    app.use(discoveryRouter(auth));
    app.use(AUTH_MOUNT_PATH, auth.router);
    // The EHR simulator and SMART test app, and the CDS Hooks service; they read FHIR with bearer tokens.
    app.use(EHR_MOUNT_PATH, ehrRouter({ config, auth, logger }));
    app.use(CDS_MOUNT_PATH, cdsHooksRouter({ config, auth, db, logger }));
    // The TARGET SMART app's production build (client target-app in the registry).
    app.use(
      APP_MOUNT_PATH,
      appRouter({
        appDir: config.appDir,
        connectOrigins: [...new Set([new URL(config.baseUrl).origin, ...config.appFhirOrigins])],
        logger,
      }),
    );
    // Security headers and CORS for registered app origins (preflights end here, before authentication).
    const origins = appOrigins(auth.clients);
    app.use(
      '/fhir',
      apiSecurity(() => origins),
    );
    // Every answer on /fhir (denials included) waits for its AuditEvent to be stored.
    app.use('/fhir', auditTrail({ sink: audit, observer: fhirBaseUrl, logger }));
    // Every /fhir path needs an access token (GET /fhir/metadata excepted): the FHIR API and the job routes.
    app.use('/fhir', authenticate(await createTokenVerifier(config), `${fhirBaseUrl}`));
    // PostgreSQL text cannot hold a NUL: refused before any id or parameter of the URL is read.
    app.use('/fhir', nulFreeUrls());
    // Status URLs and files of asynchronous requests, ahead of the FHIR router (they are not FHIR paths).
    app.use('/fhir', jobsHttpRouter(jobs, logger));
    app.use(
      '/fhir',
      fhirHttpRouter({
        router,
        repo,
        logger,
        maxBodyBytes: config.maxBodyBytes,
        bodyShape: { maxDepth: config.maxJsonDepth, maxElements: config.maxJsonElements },
        maxBatchEntries: config.maxBatchEntries,
        capabilityStatement: () => capabilityStatement,
      }),
    );
    const close = async (): Promise<void> => {
      // Running jobs are aborted and marked failed while the database is still open.
      auth.close();
      await jobs.close();
      await audit.close();
      await store.close();
    };
    return { app, repo, jobs, auth, audit, close };
  } catch (err) {
    closeAuth();
    await closeJobs();
    await store.close();
    throw err;
  }
}
