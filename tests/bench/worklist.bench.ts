// Worklist benchmark (`node tests/bench/worklist.bench.ts [--members 100000] [--db postgres|pglite]`); not a
// test. A practice with one selection Group of N members (Dutch names with voorvoegsels, random scores and
// categories, 2% invited), then Group/{id}/$worklist pages over real HTTP with a GP's token: first page,
// sorted by name, filtered, invited, a deep page. Prints one markdown table (median and p95 of 20 runs).
import { parseArgs } from 'node:util';
import type { Resource } from '@medplum/fhirtypes';
import {
  buildInvitationTask,
  buildPatient,
  buildPracticeOrganization,
  buildSelectionGroup,
  type SelectedPatient,
} from '@target/profiles';
import { practiceSettings } from '../../server/src/programme/selection/settings-store.ts';
import type { DatabaseKind } from '../support/database.ts';
import { startTestServer } from '../support/server.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '100000' },
    db: { type: 'string', default: 'postgres' },
    runs: { type: 'string', default: '20' },
    'no-analyze': { type: 'boolean', default: false },
  },
});
const MEMBERS = Number(values.members);
const RUNS = Number(values.runs);
const PRACTICE = 'bench-practice';

const FAMILIES = [
  'de Vries',
  'van den Berg',
  'Bakker',
  'Jansen',
  'de Jong',
  'van Dijk',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'van Leeuwen',
  'Dekker',
  'Brouwer',
  'de Wit',
];
const GIVEN = ['Anna', 'Jan', 'Els', 'Piet', 'Ömer', 'Fatima', 'Kees', 'Sanne', 'Daan', 'Noor', 'Bram', 'Lotte'];

let state = 42;
const random = () => {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return state / 2 ** 31;
};

async function main(): Promise<void> {
  const server = await startTestServer(values.db as DatabaseKind, { logLevel: 'silent' });
  try {
    const repo = server.repo;
    const started = performance.now();
    await repo.upsertResources([
      buildPracticeOrganization({ id: PRACTICE, agb: '01234599', name: 'Benchpraktijk', addresses: [] }) as Resource,
    ]);
    const settings = await practiceSettings(repo, PRACTICE);
    const members: SelectedPatient[] = [];
    for (let offset = 0; offset < MEMBERS; offset += 5000) {
      const batch = Array.from({ length: Math.min(5000, MEMBERS - offset) }, (_, i) => {
        const n = offset + i;
        return buildPatient({
          id: `bp-${n}`,
          names: [{ use: 'official', family: FAMILIES[n % FAMILIES.length], given: [GIVEN[(n * 7) % GIVEN.length]] }],
          birthDate: `19${40 + (n % 60)}-0${1 + (n % 9)}-1${n % 10}`,
          addresses: [],
          generalPractitioners: [{ reference: `Organization/${PRACTICE}` }],
        }) as Resource;
      });
      await repo.createResources(batch, { assignedId: true, validatedByCaller: true });
      for (const patient of batch) {
        const score = Math.round(random() * 40) / 2;
        const category = score >= 15 ? 'high' : score >= 7 ? 'medium' : random() < 0.05 ? 'new' : 'low';
        members.push({
          patient: { reference: `Patient/${patient.id}` },
          score,
          category,
          hnhc: score >= 15,
          ...(score >= 15 ? { subgroup: 'unclassified' as const } : {}),
        });
      }
    }
    const group = buildSelectionGroup({
      id: 'bench-selection',
      referenceDate: '2026-01-01',
      settingsUsed: settings.version,
      practice: { reference: `Organization/${PRACTICE}` },
      members,
    }) as Resource;
    await repo.upsertResources([group], { validatedByCaller: true });
    const invitations = members
      .filter((_, i) => i % 50 === 0)
      .map(
        (m, i) =>
          buildInvitationTask({
            id: `bench-inv-${i}`,
            status: 'requested',
            patient: m.patient,
            practice: { reference: `Organization/${PRACTICE}` },
            authoredOn: '2026-01-02',
          }) as Resource,
      );
    await repo.createResources(invitations, { assignedId: true, validatedByCaller: true });
    // As the bulk import does after large writes: plans on real statistics.
    if (!values['no-analyze']) {
      await repo.sql.query('ANALYZE');
    }
    const loadSeconds = ((performance.now() - started) / 1000).toFixed(0);
    const token = await server.tokenFor({
      sub: 'bench-gp',
      client_id: 'target-app',
      scope: 'user/*.cruds',
      target_role: 'gp',
      target_organization: PRACTICE,
    });
    const cases: [string, string][] = [
      ['latest selection (type level, no rows)', `Group/$worklist?practice=Organization/${PRACTICE}&_count=0`],
      ['first page (by score)', '_count=50'],
      ['sorted by name', '_sort=name&_count=50'],
      ['filter high + HNHC', 'category=high&hnhc=true&_count=50'],
      ['filter invited', 'invited=true&_count=50'],
      ['not invited, by name', 'invited=false&_sort=name&_count=50'],
      ['deep page (offset 90,000) by name', '_sort=name&_offset=90000&_count=50'],
      ['CSV page of 1,000', 'category=medium&_count=1000'],
    ];
    console.log(
      `${MEMBERS.toLocaleString('en-US')}-member selection Group on ${values.db} (loaded in ${loadSeconds} s); ${RUNS} runs each, over HTTP with a GP token\n`,
    );
    if (process.env.WORKLIST_PROFILE) {
      await profile(server.repo, token);
    }
    console.log('| request | total | median ms | p95 ms |');
    console.log('|---|---:|---:|---:|');
    {
      const search = `${server.fhirUrl}/Group?managing-entity=Organization/${PRACTICE}&_sort=-_lastUpdated&_count=1&_elements=extension,quantity`;
      const t0 = performance.now();
      const response = await fetch(search, { headers: { authorization: `Bearer ${token}` } });
      const text = await response.text();
      console.log(
        `Group search with _elements: HTTP ${response.status}, ${text.length} bytes, ${(performance.now() - t0).toFixed(0)} ms\n`,
      );
    }
    for (const [label, query] of cases) {
      const times: number[] = [];
      let total = 0;
      for (let run = 0; run < RUNS + 2; run++) {
        const t0 = performance.now();
        const path = query.startsWith('Group/') ? query : `Group/bench-selection/$worklist?${query}`;
        const response = await fetch(`${server.fhirUrl}/${path}`, {
          headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' },
        });
        const body = (await response.json()) as { parameter?: { name: string; valueInteger?: number }[] };
        if (response.status !== 200) {
          throw new Error(`${label}: HTTP ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
        }
        total = body.parameter?.find((p) => p.name === 'total')?.valueInteger ?? 0;
        if (run >= 2) {
          times.push(performance.now() - t0);
        }
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)];
      const p95 = times[Math.min(times.length - 1, Math.floor(times.length * 0.95))];
      console.log(`| ${label} | ${total.toLocaleString('en-US')} | ${median.toFixed(0)} | ${p95.toFixed(0)} |`);
    }
  } finally {
    await server.stop();
  }
}

async function profile(repo: import('../../server/src/store/repository.ts').PostgresRepository, _token: string) {
  const { AccessPolicy } = await import('../../server/src/access/policy.ts');
  const { ScopeSet } = await import('../../server/src/access/scopes.ts');
  const sqlMod = await import('../../server/src/programme/worklist/worklist-sql.ts');
  const gp = repo.withOptions({
    access: AccessPolicy.of(
      {
        subject: 'bench-gp',
        clientId: 'bench',
        role: 'gp',
        organization: PRACTICE,
        scopes: ScopeSet.parse('user/*.cruds'),
        tokenId: 'bench',
        issuer: 'bench',
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
      repo.registry,
    ),
  });
  const time = async (label: string, fn: () => Promise<unknown>) => {
    await fn();
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) await fn();
    console.log(label, ((performance.now() - t0) / 5).toFixed(1), 'ms');
  };
  const sel = await sqlMod.selectionRow(repo.sql, 'bench-selection');
  if (!sel) throw new Error('no selection');
  await time('assertRow Group (GP)', () => gp.access.assertRow(gp.sql, 'Group', 'bench-selection', 'r'));
  await time('selectionRow', () => sqlMod.selectionRow(repo.sql, 'bench-selection'));
  await time('scoreStatistics', () => sqlMod.scoreStatistics(repo.sql, sel.rid, 90));
  await time('scoreBins', () => sqlMod.scoreBins(repo.sql, sel.rid, 1));
  const q = { groupRid: sel.rid, practiceId: PRACTICE, sort: 'score' as const, descending: true, count: 50, offset: 0 };
  await time('page by score', () => sqlMod.worklistPage(repo.sql, q));
  await time('page by name', () => sqlMod.worklistPage(repo.sql, { ...q, sort: 'name' }));
  await time('page invited', () => sqlMod.worklistPage(repo.sql, { ...q, invited: true }));
}

await main();
