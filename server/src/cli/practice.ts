// `target practice list|show`: practice lists for records that name no practice (issue 14). `list` sets
// Patient.generalPractitioner by a rule (programme/practice-lists/assign.ts) and makes the Organizations
// involved TARGET practices; `show` says which practices there are and how many patients each lists.
// Writes go through the repository with the server's rights, as the import's do. Exit codes: 0 done,
// 1 the database refused a write (reason printed), 2 usage error or a request that cannot run.
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { OperationOutcomeError, operationOutcomeToString } from '@medplum/core';
import type { Organization } from '@medplum/fhirtypes';
import { isPracticeOrganization, practiceToday } from '@target/profiles';
import type { Organization as R4Organization } from 'fhir/r4.js';
import { loadConfig } from '../config.ts';
import { openServerStore } from '../open-server-store.ts';
import { createLogger } from '../platform/logger.ts';
import { formatTable, type ProgressStream } from '../platform/progress.ts';
import {
  assignPracticeLists,
  LIST_RULES,
  ListError,
  type ListRequest,
  type ListRule,
  type ListSummary,
} from '../programme/practice-lists/assign.ts';
import { toR4 } from '../programme/repository-reader.ts';
import { listedCounts, patientCensus } from '../programme/selection/listed.ts';
import { allPractices } from '../programme/selection/practices.ts';
import type { PostgresRepository } from '../store/repository.ts';

export const PRACTICE_USAGE = `Usage: node server/src/main.ts practice list [<Organization id>] [--rule all|most-contacts] [--patients <ids|file>]
       node server/src/main.ts practice show [<Organization id>]

list   Lists patients with a practice: Patient.generalPractitioner becomes the practice (practitioners it named
       are kept when they work there); a patient already listed so is not written again:
         --rule all            every patient (or those of --patients) with the named practice (default with an id)
         --rule most-contacts  each patient with the organisation that provided most of their GP contacts
                               (AMB, home and virtual Encounters by serviceProvider; default without an id);
                               with an id only the patients whose organisation that is
         --patients <ids|file> comma-separated Patient ids, or a file with one id per line
       Each Organization a patient is listed with becomes a TARGET practice (it needs a name and an identifier
       of any system; no AGB code is invented).
show   The TARGET practices with the patients each lists today, and how many patients no practice lists.
`;

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

export interface CommandIo {
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
}

/** `--patients`: a file of ids (one per line, `Patient/` optional) when it names one, else comma-separated ids. */
export async function readPatientIds(value: string): Promise<string[]> {
  const text = await fs.readFile(value, 'utf8').catch(() => undefined);
  const raw = text === undefined ? value.split(',') : text.split(/\r?\n/);
  return raw.map((id) => id.trim().replace(/^Patient\//, '')).filter((id) => id.length > 0);
}

async function parseList(args: string[]): Promise<ListRequest | string> {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { rule: { type: 'string' }, patients: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 1) {
      return `practice list takes one Organization id, got ${positionals.length}`;
    }
    const practice = positionals[0]?.replace(/^Organization\//, '');
    const rule = (values.rule ?? (practice ? 'all' : 'most-contacts')) as ListRule;
    if (!LIST_RULES.includes(rule)) {
      return `--rule must be one of ${LIST_RULES.join(', ')}, got "${values.rule}"`;
    }
    const patients = values.patients === undefined ? undefined : await readPatientIds(values.patients);
    if (patients?.length === 0) {
      return '--patients names no patient';
    }
    return { rule, ...(practice ? { practice } : {}), ...(patients ? { patients } : {}) };
  } catch (err) {
    return (err as Error).message;
  }
}

/** The summary of a `list` run (also printed by `import --practice`). */
export function formatListSummary(summary: ListSummary): string {
  const lines = [
    `Patients looked at: ${summary.patients}; listed now: ${summary.listed}; already listed so: ${summary.unchanged}; left as they were: ${summary.skipped}.`,
  ];
  if (summary.practicesMade.length > 0) {
    lines.push(`Made TARGET practices: ${summary.practicesMade.map((id) => `Organization/${id}`).join(', ')}.`);
  }
  for (const reason of summary.unusable) {
    lines.push(`Not a practice (its patients left unlisted): ${reason}.`);
  }
  const byPractice = Object.entries(summary.byPractice).sort(([a], [b]) => (a < b ? -1 : 1));
  if (byPractice.length > 0) {
    lines.push('', formatTable(['practice', 'patients'], byPractice).trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

async function show(repo: PostgresRepository, practice: string | undefined, io: CommandIo): Promise<number> {
  const today = practiceToday();
  const ids = practice ? [practice] : await allPractices(repo);
  const counts = await listedCounts(repo, ids, today);
  const rows: (string | number)[][] = [];
  for (const id of ids) {
    const organization = toR4(await repo.readResource<Organization>('Organization', id)) as R4Organization;
    const identifiers = (organization.identifier ?? []).map((i) => `${i.system ?? ''}|${i.value ?? ''}`).join(' ');
    rows.push([
      id,
      organization.name ?? '–',
      isPracticeOrganization(organization) ? 'yes' : 'no',
      counts.get(id) ?? 0,
      identifiers,
    ]);
  }
  if (rows.length > 0) {
    io.stdout.write(formatTable(['practice', 'name', 'TARGET', 'listed', 'identifiers'], rows));
  }
  const census = await patientCensus(repo, today);
  io.stdout.write(
    `\n${census.patients} patient(s) on record; ${census.listedWithAny} listed with a TARGET practice on ${today}, ` +
      `${census.patients - census.listedWithAny} not.\n`,
  );
  if (ids.length === 0) {
    io.stdout.write('No Organization is a TARGET practice yet: make them with `practice list --rule most-contacts`.\n');
  }
  return 0;
}

export async function runPracticeCommand(
  args: string[],
  io: CommandIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'list' && sub !== 'show') {
    io.stderr.write(`${sub ? `Unknown subcommand "${sub}"` : 'practice needs list or show'}\n\n${PRACTICE_USAGE}`);
    return EXIT_USAGE;
  }
  const request = sub === 'list' ? await parseList(rest) : undefined;
  if (typeof request === 'string') {
    io.stderr.write(`${request}\n\n${PRACTICE_USAGE}`);
    return EXIT_USAGE;
  }
  const positionals = sub === 'show' ? rest.filter((a) => !a.startsWith('--')) : [];
  if (sub === 'show' && (positionals.length > 1 || positionals.length !== rest.length)) {
    io.stderr.write(`practice show takes at most one Organization id\n\n${PRACTICE_USAGE}`);
    return EXIT_USAGE;
  }
  const config = loadConfig();
  const store = await openServerStore(config, createLogger({ ...config, logLevel: 'warn' }));
  try {
    if (!request) {
      return await show(store.repo, positionals[0]?.replace(/^Organization\//, ''), io);
    }
    const summary = await assignPracticeLists(store.repo, request);
    io.stdout.write(formatListSummary(summary));
    return 0;
  } catch (err) {
    if (err instanceof ListError) {
      io.stderr.write(`${err.message}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof OperationOutcomeError) {
      io.stderr.write(`${operationOutcomeToString(err.outcome)}\n`);
      return EXIT_FAILED;
    }
    throw err;
  } finally {
    await store.close();
  }
}
