// Child process for the "interrupted job" test: starts a JobService on the given database, submits a job
// whose runner never finishes, prints the job id and waits to be killed (SIGKILL, no shutdown).
import { JobService } from '../../../server/src/jobs/index.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import { openDatabase } from '../../../server/src/store/database/database.ts';
import { migrate } from '../../../server/src/store/database/schema.ts';

const [databaseUrl, dataDir] = process.argv.slice(2);
const db = await openDatabase({ databaseUrl: databaseUrl || undefined, dataDir });
await migrate(db);
const jobs = await JobService.start({
  db,
  fhirBaseUrl: 'http://127.0.0.1/fhir',
  logger: createLogger({ logLevel: 'silent' }),
  heartbeatMs: 100,
});
jobs.register('hang', {
  run: async (_input: unknown, ctx) => {
    await ctx.progress({ done: 1, total: 10 });
    await new Promise(() => undefined);
  },
  complete: () => ({ status: 200, contentType: 'application/json', body: {} }),
});
const job = await jobs.submit('hang', {}, { request: 'http://127.0.0.1/fhir/$hang' });
// Wait until it runs and its progress is stored, so the test kills a process in the middle of a job.
while ((await jobs.get(job.id))?.progress === undefined) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
process.stdout.write(`${job.id}\n`);
setInterval(() => undefined, 1000);
