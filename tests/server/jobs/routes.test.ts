// The status URL over real HTTP (R4 http.html#async): 202 with X-Progress and Retry-After while a job
// runs, the runner's answer when it completed, 500 with an OperationOutcome when it failed, DELETE to
// cancel. Runs on the real server, with test job kinds registered on its job service.
import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTargetServer, type TargetServer } from '../../../server/src/app.ts';
import { startHttpServer } from '../../../server/src/http-server.ts';
import { asyncBundleResponse, type JobContext } from '../../../server/src/jobs/index.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import { DATABASE_KINDS, makeTestConfig } from '../../support/database.ts';
import { ADMIN_CLAIMS, tokenForConfig } from '../../support/server.ts';

/** Blocks until the signal aborts or `release` is called. */
function gate(signal: AbortSignal, release: Promise<unknown>): Promise<unknown> {
  return Promise.race([
    release,
    new Promise((_, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason));
      if (signal.aborted) {
        reject(signal.reason);
      }
    }),
  ]);
}

describe.each(DATABASE_KINDS)('job status URL on %s', (kind) => {
  let target: TargetServer;
  let stop: () => Promise<void>;
  let statusUrl: (id: string) => string;
  let release: () => void = () => undefined;
  let admin: string;
  const contexts: JobContext[] = [];

  beforeAll(async () => {
    const { config, cleanup } = await makeTestConfig(kind);
    const logger = createLogger(config);
    target = await createTargetServer(config, logger);
    admin = `Bearer ${await tokenForConfig(config, ADMIN_CLAIMS)}`;
    const running = await startHttpServer(target.app, { port: 0, host: '127.0.0.1', logger, onClose: target.close });
    // The configured public base URL has port 0; address the status route on the bound port.
    statusUrl = (id) => `${running.url}/fhir/_async/${id}`;
    stop = async () => {
      await running.stop();
      await cleanup();
    };
    target.jobs.register<{ name: string }, Patient>('greet', {
      async run(input, ctx) {
        contexts.push(ctx);
        await ctx.progress({ done: 3, total: 10, message: '3 of 10 steps' });
        await gate(ctx.signal, new Promise<void>((resolve) => (release = resolve)));
        return { resourceType: 'Patient', name: [{ given: [input.name] }] };
      },
      complete: (patient) => asyncBundleResponse(200, patient),
    });
    target.jobs.register('broken', {
      run: async () => {
        throw new Error('broken on purpose');
      },
      complete: () => ({ status: 200, contentType: 'application/json', body: {} }),
    });
  });
  afterAll(() => stop());

  async function statusUntil(url: string, done: (response: Response) => boolean): Promise<Response> {
    for (let i = 0; i < 400; i++) {
      const response = await fetch(url, { headers: { authorization: admin } });
      if (done(response)) {
        return response;
      }
      await response.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`status at ${url} never got there`);
  }

  test('answers 202 with X-Progress and Retry-After while running, then the Bundle of the async pattern', async () => {
    const job = await target.jobs.submit('greet', { name: 'Anouk' }, { request: 'http://x/fhir/$greet' });
    const url = statusUrl(job.id);
    const running = await statusUntil(url, (r) => r.headers.get('x-progress') === '3 of 10 steps');
    expect(running.status).toBe(202);
    expect(running.headers.get('retry-after')).toBe('2');

    release();
    const done = await statusUntil(url, (r) => r.status !== 202);
    expect(done.status).toBe(200);
    expect(done.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(await done.json()).toEqual({
      resourceType: 'Bundle',
      type: 'batch-response',
      entry: [{ resource: { resourceType: 'Patient', name: [{ given: ['Anouk'] }] }, response: { status: '200' } }],
    });
  });

  test('answers 500 with an OperationOutcome for a failed job', async () => {
    const job = await target.jobs.submit('broken', {}, { request: 'http://x/fhir/$broken' });
    const failed = await statusUntil(statusUrl(job.id), (r) => r.status !== 202);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'exception' }],
    });
  });

  test('DELETE cancels a running job: 202, its signal aborts, then the status is 404 saying it was cancelled', async () => {
    const job = await target.jobs.submit('greet', { name: 'Bram' }, { request: 'http://x/fhir/$greet' });
    const url = statusUrl(job.id);
    await statusUntil(url, (r) => r.headers.get('x-progress') === '3 of 10 steps');

    const cancelled = await fetch(url, { method: 'DELETE', headers: { authorization: admin } });
    expect(cancelled.status).toBe(202);
    expect(contexts.find((c) => c.jobId === job.id)?.signal.aborted).toBe(true);
    const after = await fetch(url, { headers: { authorization: admin } });
    expect(after.status).toBe(404);
    expect(await after.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', details: { text: expect.stringContaining('cancelled') } }],
    });
  });

  test('answers 404 with an OperationOutcome for an unknown job', async () => {
    const response = await fetch(statusUrl('no-such-job'), { headers: { authorization: admin } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ resourceType: 'OperationOutcome' });
  });

  // Found by the hostile-input suite: Express could not decode the parameter, and the route answered 500.
  test.each(['%c0%ae%c0%ae', 'job/%c0%ae%c0%ae%c0%af', 'job/%FF'])(
    'answers 400 with an OperationOutcome for a status or file URL whose escapes are not UTF-8 (%s)',
    async (path) => {
      const response = await fetch(statusUrl(path), { headers: { authorization: admin } });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'invalid' }],
      });
    },
  );
});
