// What the audit trail costs: reads per second over HTTP with the trail written (group commit) and with the
// writer made a no-op, on PostgreSQL (or PGlite), and how long validating one AuditEvent would take (why
// the writer skips re-validation). Run: node tests/bench/audit.bench.ts [--seconds 5] [--concurrency 16]
// [--driver postgres|pglite]. Prints one JSON object.
import { parseArgs } from 'node:util';
import { createTargetServer } from '../../server/src/app.ts';
import { buildAuditEvent, patientEntity, REST_TYPE, RESTFUL_INTERACTION } from '../../server/src/audit/events.ts';
import { startHttpServer } from '../../server/src/http-server.ts';
import { createLogger } from '../../server/src/platform/logger.ts';
import { assertValidResource } from '../../server/src/store/validation/validation.ts';
import { makeTestConfig } from '../support/database.ts';
import { ADMIN_CLAIMS, tokenForConfig } from '../support/server.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    driver: { type: 'string', default: 'postgres' },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);

async function readsPerSecond(url: string, authorization: string): Promise<number> {
  const until = Date.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        const response = await fetch(url, { headers: { authorization } });
        await response.arrayBuffer();
        if (response.status !== 200) {
          throw new Error(`read answered ${response.status}`);
        }
        done++;
      }
    }),
  );
  return Math.round(done / seconds);
}

const { config, cleanup } = await makeTestConfig(values.driver as 'postgres' | 'pglite', { port: 0 });
const logger = createLogger({ logLevel: 'error' });
const target = await createTargetServer(config, logger);
const running = await startHttpServer(target.app, { port: 0, host: '127.0.0.1', logger, onClose: target.close });
try {
  const authorization = `Bearer ${await tokenForConfig(config, ADMIN_CLAIMS, { expiresIn: 3600 })}`;
  const [patient] = await target.repo.createResources([{ resourceType: 'Patient', name: [{ family: 'Bench' }] }]);
  const url = `${running.url}/fhir/Patient/${patient.id}`;
  await readsPerSecond(url, authorization); // warm-up: caches, prepared statements, JIT
  const before = { ...target.audit.stats };
  const withAudit = await readsPerSecond(url, authorization);
  const flushes = target.audit.stats.flushes - before.flushes;
  const events = target.audit.stats.events - before.events;
  const write = target.audit.write.bind(target.audit);
  target.audit.write = async () => undefined;
  const withoutAudit = await readsPerSecond(url, authorization);
  target.audit.write = write;

  const event = buildAuditEvent({
    type: REST_TYPE,
    subtype: { system: RESTFUL_INTERACTION, code: 'read' },
    action: 'R',
    status: 200,
    actor: { subject: 'bench', clientId: 'bench', role: 'gp', fhirUser: 'Practitioner/x' },
    origin: { address: '127.0.0.1', observer: 'http://localhost/fhir', started: new Date() },
    entities: [patientEntity('x')],
    patients: ['x'],
  });
  assertValidResource(event);
  const started = process.hrtime.bigint();
  for (let i = 0; i < 1000; i++) {
    assertValidResource(event);
  }
  const validationMs = Number(process.hrtime.bigint() - started) / 1e6 / 1000;
  console.log(
    JSON.stringify({
      driver: values.driver,
      seconds,
      concurrency,
      readsPerSecondWithAudit: withAudit,
      readsPerSecondWithoutAudit: withoutAudit,
      eventsPerFlush: Math.round((events / Math.max(flushes, 1)) * 10) / 10,
      validationMsPerEvent: Math.round(validationMs * 1000) / 1000,
    }),
  );
} finally {
  await running.stop();
  await cleanup();
}
