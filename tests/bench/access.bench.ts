// Access-control benchmark (`npm run bench:access`); not a test. What the access checks cost a practice
// user's reads and writes, in process, on a fresh PostgreSQL database seeded with the demo region: read by id,
// create, update and delete of Observations of the GP's own patients, each with a GP token's AccessPolicy
// against the same work as the server itself (no checks). Prints one markdown table; the same script runs on
// an older checkout for a before/after comparison (docs/benchmarks.md).
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { parseSearchRequest } from '@medplum/core';
import type { Observation, Patient, PractitionerRole } from '@medplum/fhirtypes';
import { TargetPracticeRoleCodeSystem } from '@target/profiles';
import pg from 'pg';
import { AccessPolicy } from '../../server/src/access/policy.ts';
import { ScopeSet } from '../../server/src/access/scopes.ts';
import { loadConfig } from '../../server/src/config.ts';
import { seedDemo } from '../../server/src/demo/seed.ts';
import { openServerStore } from '../../server/src/open-server-store.ts';
import { createLogger } from '../../server/src/platform/logger.ts';
import type { PostgresRepository } from '../../server/src/store/repository.ts';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '20000' },
    practices: { type: 'string', default: '4' },
    operations: { type: 'string', default: '500' },
    postgres: {
      type: 'string',
      default: process.env.TARGET_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
  },
});
const OPERATIONS = Number(values.operations);

async function timed(label: string, count: number, fn: (i: number) => Promise<unknown>): Promise<[string, number]> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    await fn(i);
  }
  return [label, ((performance.now() - started) * 1000) / count];
}

async function measure(repo: PostgresRepository, patients: Patient[], label: string): Promise<[string, number][]> {
  const observation = (i: number): Observation => ({
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'bench' },
    subject: { reference: `Patient/${patients[i % patients.length].id}` },
  });
  const created: Observation[] = [];
  return [
    await timed(`${label} create`, OPERATIONS, async (i) => created.push(await repo.createResource(observation(i)))),
    await timed(`${label} read`, OPERATIONS, (i) => repo.readResource('Observation', created[i].id as string)),
    await timed(`${label} update`, OPERATIONS, (i) => repo.updateResource({ ...created[i], status: 'amended' })),
    await timed(`${label} delete`, OPERATIONS, (i) => repo.deleteResource('Observation', created[i].id as string)),
  ];
}

async function main(): Promise<void> {
  const name = `target_bench_access_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: values.postgres });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(values.postgres);
  url.pathname = `/${name}`;
  const config = loadConfig({}, { databaseUrl: url.toString(), logLevel: 'silent', readCacheSize: 0 });
  const store = await openServerStore(config, createLogger(config));
  try {
    const seeded = await seedDemo(store.repo, {
      patients: Number(values.patients),
      practices: Number(values.practices),
      seed: 1,
      referenceDate: '2026-01-01',
    });
    await store.db.query('VACUUM (ANALYZE)');
    const [role] = await store.repo.searchResources<PractitionerRole>(
      parseSearchRequest('PractitionerRole', { role: `${TargetPracticeRoleCodeSystem.url}|gp`, _count: '1' }),
    );
    const practice = role.organization?.reference?.split('/')[1];
    const gpPolicy = AccessPolicy.of(
      {
        subject: 'bench-gp',
        clientId: 'bench',
        role: 'gp',
        organization: practice,
        scopes: ScopeSet.parse('user/*.cruds'),
        tokenId: 'bench',
        issuer: 'bench',
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
      store.registry,
    );
    const gp = store.repo.withOptions({ access: gpPolicy });
    const patients = await gp.searchResources<Patient>(parseSearchRequest('Patient', { _count: '200' }));
    const rows = [...(await measure(store.repo, patients, 'server')), ...(await measure(gp, patients, 'GP token'))];
    const server = new Map(rows.filter(([l]) => l.startsWith('server')).map(([l, us]) => [l.split(' ')[1], us]));
    console.log(
      `${seeded.resources} resources, ${values.practices} practices; ${OPERATIONS} operations each, PostgreSQL\n`,
    );
    console.log('| operation | µs each | vs server |');
    console.log('|---|---:|---:|');
    for (const [label, us] of rows) {
      const base = server.get(label.split(' ').at(-1) as string) as number;
      console.log(`| ${label} | ${us.toFixed(0)} | ${(us / base).toFixed(2)} |`);
    }
  } finally {
    await store.close();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
