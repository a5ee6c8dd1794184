// `npm run test:load [-- --clients 200 --minutes 10 --patients 2000]`: the load suite at full size (see
// load-run.ts). Prints the figures; exits 1 when an answer was wrong (any error, an access probe that got
// through, a search that showed another practice's patient) or the server's memory grew by more than 10% in
// the second half of the run (after the caches filled).
import { parseArgs } from 'node:util';
import { formatLoadReport, memoryGrowthPercent, runLoadSuite } from './load-run.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '200' },
    minutes: { type: 'string', default: '10' },
    patients: { type: 'string', default: '2000' },
    port: { type: 'string', default: '18095' },
  },
});
const options = {
  clients: Number(values.clients),
  seconds: Math.round(Number(values.minutes) * 60),
  patientsPerPractice: Number(values.patients),
  port: Number(values.port),
  reportEverySeconds: 30,
  log: (line: string) => process.stdout.write(`${line}\n`),
};
process.stdout.write(
  `Load: ${options.clients} clients for ${options.seconds} s against a server process on PostgreSQL (2 practices × ${options.patientsPerPractice} demo patients)\n`,
);
const report = await runLoadSuite(options);
const lines = formatLoadReport(options, report);
process.stdout.write(`\n${lines.join('\n')}\n`);
const errors = [...report.result.errors.values()].reduce((a, b) => a + b, 0);
const growth = memoryGrowthPercent(options, report);
if (errors > 0 || growth > 10 || report.maxConnections > report.poolSize + 2) {
  process.stdout.write(
    `\nFAILED: ${errors} errors, memory ${growth.toFixed(1)}%, ${report.maxConnections} connections\n`,
  );
  process.exit(1);
}
process.stdout.write('\nPASSED: no errors, memory flat within 10% once warm, connections bounded by the pool\n');
