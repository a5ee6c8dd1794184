// `npm run test:crash`: the long crash-safety run (crash-harness.ts), both databases, printing the figures.
// CRASH_ROUNDS (default 20) kills per database kind, CRASH_SEED (default 1) for the kill moments and the writes.
// Exits 1 when any acknowledged write was lost, a transaction is partial, a history has a gap or an answered
// request has no audit trail.
import { DATABASE_KINDS, type DatabaseKind } from '../support/database.ts';
import { formatReport, runCrashRounds } from './crash-harness.ts';

const rounds = Number(process.env.CRASH_ROUNDS ?? 20);
const seed = Number(process.env.CRASH_SEED ?? 1);
const kinds = (process.env.CRASH_KINDS?.split(',') ?? DATABASE_KINDS) as DatabaseKind[];

let failed = false;
for (const kind of kinds) {
  const report = await runCrashRounds({
    kind,
    rounds,
    seed,
    onKill: (round, answered) =>
      process.stdout.write(`${kind}: kill ${round}/${rounds}, ${answered} writes answered\n`),
  });
  process.stdout.write(`${formatReport(report)}\n`);
  for (const problem of report.problems) {
    process.stdout.write(`  ${problem}\n`);
  }
  failed ||= report.problems.length > 0;
}
process.exit(failed ? 1 : 0);
