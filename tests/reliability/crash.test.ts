// The smoke version of the crash-safety run (crash-harness.ts; `npm run test:crash` is the long one): a few
// SIGKILLs of the real server process, PGlite and PostgreSQL, while writer processes send transactions and
// If-Match updates. After the restart nothing acknowledged is lost, no transaction is partial, no history has
// a hole and every answered request has its AuditEvents. On PGlite each restart also proves that the lock
// and the database of a killed server are taken over.
import { describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../support/database.ts';
import { formatReport, runCrashRounds } from './crash-harness.ts';

const ROUNDS = 1;

describe.each(DATABASE_KINDS)('crash safety on %s', (kind) => {
  test(
    `after ${ROUNDS} SIGKILLs under concurrent writers every acknowledged write is whole, audited and gapless`,
    async () => {
      const report = await runCrashRounds({ kind, rounds: ROUNDS, seed: 7, startupKillShare: 0, upMs: [100, 600] });
      process.stdout.write(`${formatReport(report)}\n`);
      expect(report.problems).toEqual([]);
      expect(report.acknowledged).toBeGreaterThanOrEqual(ROUNDS);
    },
    // Each restart loads the whole server again: on a busy machine that takes far longer than the test.
    15 * 60_000,
  );
});
