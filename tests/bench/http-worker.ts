// Runs the real server (createTargetServer + startHttpServer) in a worker thread for the HTTP part of
// the FHIR benchmark, so the load generator and the server do not share one event loop.
// Protocol: workerData is the Config; the worker posts { url } once listening, and { stopped: true }
// after a 'stop' message has shut the server down.
import { parentPort, workerData } from 'node:worker_threads';
import { createTargetServer } from '../../server/src/app.ts';
import type { Config } from '../../server/src/config.ts';
import { startHttpServer } from '../../server/src/http-server.ts';
import { createLogger } from '../../server/src/platform/logger.ts';

const config = workerData as Config;
const logger = createLogger({ logLevel: 'silent' });
const target = await createTargetServer(config, logger);
const running = await startHttpServer(target.app, {
  port: 0,
  host: '127.0.0.1',
  logger,
  onClose: () => target.close(),
});
parentPort?.on('message', async (message) => {
  if (message === 'stop') {
    await running.stop();
    parentPort?.postMessage({ stopped: true });
  }
});
parentPort?.postMessage({ url: running.url });
