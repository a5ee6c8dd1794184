// The load suite in small (npm run test:load runs it for 10 minutes with 200 clients): many clients of
// several roles on a server process, with access probes and checked search answers under load.
import { expect, test } from 'vitest';
import { runLoadSuite } from './load-run.ts';

test('50 concurrent clients of two practices and two patients for 6 s: no error, no access probe gets through, connections stay within the pool', async () => {
  const report = await runLoadSuite({
    clients: 50,
    seconds: 6,
    patientsPerPractice: 60,
    port: 18000 + Math.floor(Math.random() * 900),
  });
  expect(Object.fromEntries(report.result.errors), report.result.errorSamples.join('\n')).toEqual({});
  expect(report.result.requests).toBeGreaterThan(100);
  // Every kind of the mix ran, the access probes included.
  expect([...report.result.byKind.keys()].sort()).toEqual([...report.mix.keys()].sort());
  expect(report.mix.size).toBe(9);
  expect(report.maxConnections).toBeLessThanOrEqual(report.poolSize + 2);
}, 240_000);
