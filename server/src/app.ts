// Wires the server together: database, search index registry, repository, FHIR router and HTTP.
// Each concern lives in its own folder; this file only connects them.
import { readFileSync } from 'node:fs';
import type { Express } from 'express';
import express from 'express';
import type { Config } from './config.ts';
import { buildCapabilityStatement } from './fhir/capability.ts';
import { installConformanceResources } from './fhir/conformance.ts';
import { fhirHttpRouter } from './fhir/http.ts';
import { operationRoutes, registerOperationJobs } from './fhir/operations/index.ts';
import { createFhirRouter } from './fhir/routes.ts';
import { JobService, jobsHttpRouter } from './jobs/index.ts';
import type { Logger } from './logger.ts';
import { requestLog } from './request-log.ts';
import type { TargetServices } from './services.ts';
import { openDatabase } from './store/database.ts';
import { RESOURCE_CHANGED_CHANNEL, ReadCache } from './store/read-cache.ts';
import { PostgresRepository } from './store/repository.ts';
import { migrate } from './store/schema.ts';
import { SearchParamRegistry } from './store/search-params.ts';

export interface TargetServer {
  readonly app: Express;
  readonly repo: PostgresRepository;
  readonly jobs: JobService;
  close(): Promise<void>;
}

const packageVersion = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export async function createTargetServer(config: Config, logger: Logger): Promise<TargetServer> {
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
  });
  let closeJobs = async (): Promise<void> => undefined;
  try {
    await migrate(db);
    const registry = await SearchParamRegistry.load(db);
    const fhirBaseUrl = `${config.baseUrl}/fhir`;
    const cache = new ReadCache(config.readCacheSize);
    if (db.kind === 'postgres') {
      // Other processes may write to the same database: cache only while their changes reach us.
      cache.suspend();
      await db.listen(RESOURCE_CHANGED_CHANNEL, {
        onChange: (key) => cache.invalidate([key]),
        onLost: () => {
          logger.warn('lost the database change channel; read cache off until it is back');
          cache.suspend();
        },
        onRestored: () => cache.resume(),
      });
    }
    const repo = new PostgresRepository({ db, registry, fhirBaseUrl, cache });
    const jobs = await JobService.start({ db, fhirBaseUrl, logger });
    closeJobs = () => jobs.close();
    const services: TargetServices = { jobs, fhirBaseUrl, logger };
    registerOperationJobs(services, { db, registry });
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

    const app = express();
    app.disable('x-powered-by');
    app.use(requestLog(logger));
    app.get('/healthz', async (_req, res) => {
      try {
        await db.query('SELECT 1');
        res.json({ status: 'ok', database: db.kind });
      } catch {
        res.status(503).json({ status: 'unavailable', database: db.kind });
      }
    });
    // Status URLs and files of asynchronous requests, ahead of the FHIR router (they are not FHIR paths).
    app.use('/fhir', jobsHttpRouter(jobs, logger));
    app.use(
      '/fhir',
      fhirHttpRouter({
        router,
        repo,
        logger,
        maxBodyBytes: config.maxBodyBytes,
        capabilityStatement: () => capabilityStatement,
      }),
    );
    const close = async (): Promise<void> => {
      // Running jobs are aborted and marked failed while the database is still open.
      await jobs.close();
      await db.close();
    };
    return { app, repo, jobs, close };
  } catch (err) {
    await closeJobs();
    await db.close();
    throw err;
  }
}
