// Wires the server together: database, search index registry, repository, FHIR router and HTTP.
// Each concern lives in its own folder; this file only connects them.
import { readFileSync } from 'node:fs';
import type { Express } from 'express';
import express from 'express';
import type { Config } from './config.ts';
import { buildCapabilityStatement } from './fhir/capability.ts';
import { installConformanceResources } from './fhir/conformance.ts';
import { fhirHttpRouter } from './fhir/http.ts';
import { createFhirRouter } from './fhir/routes.ts';
import type { Logger } from './logger.ts';
import { requestLog } from './request-log.ts';
import { openStore } from './store/open.ts';
import type { PostgresRepository } from './store/repository.ts';

export interface TargetServer {
  readonly app: Express;
  readonly repo: PostgresRepository;
  close(): Promise<void>;
}

const packageVersion = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export async function createTargetServer(config: Config, logger: Logger): Promise<TargetServer> {
  const { db, registry, repo, close } = await openStore(config, logger);
  try {
    const fhirBaseUrl = repo.fhirBaseUrl;
    const router = createFhirRouter();
    const supportedProfiles = await installConformanceResources(repo, logger);
    const capabilityStatement = buildCapabilityStatement({
      supportedProfiles,
      router,
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
    return { app, repo, close };
  } catch (err) {
    await close();
    throw err;
  }
}
