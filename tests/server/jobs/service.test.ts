// The job service on a real database: progress is persisted (throttled), cancel aborts the runner's
// signal and removes its files, failures and shutdowns are recorded, and a job whose process died is
// marked failed by the next process.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, test } from 'vitest';
import type { JobContext, JobRunner, JobServiceOptions } from '../../../server/src/jobs/index.ts';
import { JobService } from '../../../server/src/jobs/index.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import { type Database, openDatabase, withStatementTimeout } from '../../../server/src/store/database/database.ts';
import { migrate } from '../../../server/src/store/database/schema.ts';
import { DATABASE_KINDS, type DatabaseKind, makeTestConfig, type TestConfig } from '../../support/database.ts';

const logger = createLogger({ logLevel: 'silent' });

/** A runner the test steers: it reports what it is given and finishes when released. */
function controlledRunner() {
  let release: (value: unknown) => void = () => undefined;
  const released = new Promise((resolve) => {
    release = resolve;
  });
  const contexts: JobContext[] = [];
  const runner: JobRunner<{ steps: number }, { steps: number }> = {
    async run(input, ctx) {
      contexts.push(ctx);
      for (let done = 1; done <= input.steps; done++) {
        await ctx.progress({ done, total: input.steps, message: `${done} of ${input.steps} steps` });
      }
      await ctx.progress({ done: input.steps, total: input.steps, message: 'waiting' });
      const aborted = new Promise((_, reject) => {
        ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason));
        if (ctx.signal.aborted) {
          reject(ctx.signal.reason);
        }
      });
      await Promise.race([released, aborted]);
      return { steps: input.steps };
    },
    complete: (result) => ({ status: 200, contentType: 'application/json', body: result }),
  };
  return { runner, contexts, release: () => release(undefined) };
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`condition not met; last value ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Job services on one fresh database per test, closed (with the database) after it. */
function useJobServices(kind: DatabaseKind) {
  let testConfig: TestConfig | undefined;
  const open: { db: Database; jobs: JobService }[] = [];

  afterEach(async () => {
    for (const { db, jobs } of open.splice(0)) {
      await jobs.close();
      await db.close();
    }
    await testConfig?.cleanup();
    testConfig = undefined;
  });

  return {
    async config() {
      testConfig ??= await makeTestConfig(kind);
      return testConfig.config;
    },
    async start(options: Partial<JobServiceOptions> = {}) {
      testConfig ??= await makeTestConfig(kind);
      const db = await openDatabase(testConfig.config);
      await migrate(db);
      const jobs = await JobService.start({ db, fhirBaseUrl: 'http://127.0.0.1:1/fhir', logger, ...options });
      open.push({ db, jobs });
      return { db, jobs };
    },
  };
}

describe.each(DATABASE_KINDS)('JobService on %s', (kind) => {
  const { start, config: databaseConfig } = useJobServices(kind);

  test('runs a submitted job, persists its last progress and stores the result', async () => {
    const { jobs } = await start({ progressIntervalMs: 50 });
    const steered = controlledRunner();
    jobs.register('count', steered.runner);
    const job = await jobs.submit('count', { steps: 100 }, { request: 'http://127.0.0.1:1/fhir/$count' });
    expect(job).toMatchObject({ status: 'queued', kind: 'count', request: 'http://127.0.0.1:1/fhir/$count' });

    const running = await until(
      () => jobs.get(job.id),
      (j) => j?.progress?.message === 'waiting',
    );
    expect(running).toMatchObject({ status: 'running', progress: { done: 100, total: 100 } });
    steered.release();
    const completed = await until(
      () => jobs.get(job.id),
      (j) => j?.status === 'completed',
    );
    expect(completed?.result).toEqual({ steps: 100 });
    expect(jobs.completedResponse(completed as NonNullable<typeof completed>).body).toEqual({ steps: 100 });
    expect(jobs.statusUrl(job.id)).toBe(`http://127.0.0.1:1/fhir/_async/${job.id}`);
  });

  test('runs a job submitted by a request without that request statement timeout', async () => {
    const { db, jobs } = await start();
    jobs.register('setting', {
      run: async () => (await db.query<{ statement_timeout: string }>('SHOW statement_timeout'))[0],
      complete: (result) => ({ status: 200, contentType: 'application/json', body: result }),
    });
    // As a kick-off request does: submitted from inside the request's budget.
    const job = await withStatementTimeout(50, () => jobs.submit('setting', {}, { request: 'r' }));
    const completed = await until(
      () => jobs.get(job.id),
      (j) => j?.status === 'completed',
    );
    expect(completed?.result).toEqual({ statement_timeout: '0' });
  });

  test('cancel aborts the running job signal, marks it cancelled and removes its files', async () => {
    const { jobs } = await start();
    const steered = controlledRunner();
    jobs.register('count', steered.runner);
    const job = await jobs.submit('count', { steps: 1 }, { request: 'r' });
    await until(
      () => jobs.get(job.id),
      (j) => j?.progress?.message === 'waiting',
    );
    await jobs.files.appendPart(job.id, 'out-1.ndjson', 0, '{}\n');

    expect(await jobs.cancel(job.id)).toBe(true);
    expect(steered.contexts[0].signal.aborted).toBe(true);
    expect(await jobs.files.exists(job.id, 'out-1.ndjson')).toBe(false);
    expect(await jobs.get(job.id)).toMatchObject({ status: 'cancelled', error: { resourceType: 'OperationOutcome' } });
    expect(await jobs.cancel(job.id)).toBe(false);
    expect(await jobs.cancel('no-such-job')).toBe(false);
  });

  test('records a runner failure as failed with an OperationOutcome', async () => {
    const { jobs } = await start();
    jobs.register('broken', {
      run: async () => {
        throw new Error('disk on fire');
      },
      complete: () => ({ status: 200, contentType: 'application/json', body: {} }),
    });
    const job = await jobs.submit('broken', {}, { request: 'r' });
    const failed = await until(
      () => jobs.get(job.id),
      (j) => j?.status === 'failed',
    );
    // The cause is logged, not shown: it may carry internals.
    expect(JSON.stringify(failed?.error)).not.toContain('disk on fire');
    expect(failed?.error?.issue[0]).toMatchObject({ severity: 'error', code: 'exception' });
  });

  test('close aborts running jobs and marks them failed because the server stopped', async () => {
    const { jobs } = await start();
    const steered = controlledRunner();
    jobs.register('count', steered.runner);
    const job = await jobs.submit('count', { steps: 1 }, { request: 'r' });
    await until(
      () => jobs.get(job.id),
      (j) => j?.status === 'running',
    );
    await jobs.close();
    expect(steered.contexts[0].signal.aborted).toBe(true);
    expect(await jobs.get(job.id)).toMatchObject({ status: 'failed' });
    expect(JSON.stringify((await jobs.get(job.id))?.error)).toContain('server stopped');
    await expect(jobs.submit('count', { steps: 1 }, { request: 'r' })).rejects.toThrow(/closed/);
  });

  test('refuses a job kind without a runner and a second runner for one kind', async () => {
    const { jobs } = await start();
    await expect(jobs.submit('nothing', {}, { request: 'r' })).rejects.toThrow(/No runner/);
    jobs.register('count', controlledRunner().runner);
    expect(() => jobs.register('count', controlledRunner().runner)).toThrow(/already registered/);
  });

  test('marks a job failed once the process running it was killed', async () => {
    const config = await databaseConfig();
    const child = spawn(
      process.execPath,
      [new URL('./interrupted-child.ts', import.meta.url).pathname, config.databaseUrl ?? '', config.dataDir],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
    const id = chunk.toString().trim();
    child.kill('SIGKILL');
    await once(child, 'exit');

    const { jobs } = await start({ heartbeatMs: 100, staleAfterMs: 500 });
    const failed = await until(
      () => jobs.get(id),
      (j) => j?.status === 'failed',
    );
    expect(failed?.progress).toEqual({ done: 1, total: 10 });
    expect(JSON.stringify(failed?.error)).toContain('stopped before it finished');
  });
});

describe('JobService across processes on postgres', () => {
  const { start } = useJobServices('postgres');

  test('a cancel from another process aborts the job where it runs', async () => {
    const first = await start({ heartbeatMs: 100 });
    const steered = controlledRunner();
    first.jobs.register('count', steered.runner);
    const job = await first.jobs.submit('count', { steps: 1 }, { request: 'r' });
    await until(
      () => first.jobs.get(job.id),
      (j) => j?.status === 'running',
    );
    const other = await start();
    expect(await other.jobs.cancel(job.id)).toBe(true);
    await until(
      async () => steered.contexts[0]?.signal.aborted,
      (aborted) => aborted === true,
    );
    expect(await first.jobs.get(job.id)).toMatchObject({ status: 'cancelled' });
  });
});
