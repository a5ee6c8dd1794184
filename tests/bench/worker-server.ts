// The real server in a worker thread (tests/bench/http-worker.ts) over a PostgreSQL database, so a
// benchmark's load generator and the server do not share one event loop.
import { Worker } from 'node:worker_threads';
import type { Config } from '../../server/src/config.ts';

export interface WorkerServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  stop(): Promise<void>;
}

export async function startWorkerServer(config: Config): Promise<WorkerServer> {
  const worker = new Worker(new URL('./http-worker.ts', import.meta.url), { workerData: config });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: { url: string }) => resolve(message.url));
  });
  return {
    url,
    stop: async () => {
      const stopped = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('stop');
      await stopped;
      await worker.terminate();
    },
  };
}
