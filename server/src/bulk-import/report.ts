// What an import did: resources written per type and every rejected line or Bundle entry with where it came
// from and why. Errors are kept up to a cap (a file of a million bad lines must not exhaust memory) but
// always counted.
import { OperationOutcomeError } from '@medplum/core';
import type { OperationOutcome } from '@medplum/fhirtypes';
import { formatCount, formatDuration, formatTable, ratePerSecond } from '../platform/progress.ts';
import type { UpsertOutcome } from '../store/write/unchanged.ts';

/** Where a resource came from: a file, and in it a line (NDJSON) or an entry index (Bundle, 0-based). */
export interface ImportLocation {
  readonly source: string;
  readonly line?: number;
  readonly entry?: number;
}

export interface ImportError extends ImportLocation {
  /** The OperationOutcome's diagnostics and expressions, or what made the line unreadable. */
  readonly reason: string;
}

/** Imported resources by what became of them: new, a new version, or already stored with the same content. */
export type OutcomeCounts = Readonly<Record<UpsertOutcome, number>>;

export interface ImportSummary {
  /** Resources imported (created, updated or found unchanged), per resource type. */
  readonly imported: Readonly<Record<string, number>>;
  readonly importedTotal: number;
  /** Of importedTotal: created, updated (a new version), unchanged (nothing written). */
  readonly outcomes: OutcomeCounts;
  readonly outcomesByType: Readonly<Record<string, OutcomeCounts>>;
  /** Every rejected line or entry, counted even beyond the kept list. */
  readonly errorCount: number;
  /** The first errors, at most `MAX_KEPT_ERRORS`. */
  readonly errors: readonly ImportError[];
  readonly elapsedMs: number;
  readonly resourcesPerSecond: number;
}

export interface ImportProgress {
  readonly imported: number;
  readonly rejected: number;
  /** Lines and entries read so far (imported, rejected or still being written). */
  readonly processed: number;
}

export const MAX_KEPT_ERRORS = 10_000;

/** `data/Patient.ndjson:12`, `bundle.json entry 3`, or just the file. */
export function formatLocation(location: ImportLocation): string {
  if (location.line !== undefined) {
    return `${location.source}:${location.line}`;
  }
  return location.entry !== undefined ? `${location.source} entry ${location.entry}` : location.source;
}

/** One line per outcome: each issue's expression and text, e.g. `Patient.gender: Value "x" not in …`. */
export function outcomeReason(outcome: OperationOutcome): string {
  const issues = (outcome.issue ?? []).map((issue) => {
    const text = issue.details?.text ?? issue.diagnostics ?? issue.code;
    const where = issue.expression?.join(', ');
    return where ? `${where}: ${text}` : text;
  });
  return issues.join('; ') || 'rejected';
}

export function errorReason(err: unknown): string {
  if (err instanceof OperationOutcomeError) {
    return outcomeReason(err.outcome);
  }
  return err instanceof Error ? err.message : String(err);
}

function byLocation(a: ImportLocation, b: ImportLocation): number {
  if (a.source !== b.source) {
    return a.source < b.source ? -1 : 1;
  }
  return (a.line ?? a.entry ?? -1) - (b.line ?? b.entry ?? -1);
}

function noOutcomes(): Record<UpsertOutcome, number> {
  return { created: 0, updated: 0, unchanged: 0 };
}

export class ImportReport {
  private readonly started = performance.now();
  private readonly counts = new Map<string, Record<UpsertOutcome, number>>();
  private readonly kept: ImportError[] = [];
  private readonly outcomes = noOutcomes();
  private importedTotal = 0;
  private errorCount = 0;
  /** Lines and entries taken in, for progress. */
  processed = 0;

  imported(resourceType: string, outcome: UpsertOutcome): void {
    let counts = this.counts.get(resourceType);
    if (!counts) {
      counts = noOutcomes();
      this.counts.set(resourceType, counts);
    }
    counts[outcome]++;
    this.outcomes[outcome]++;
    this.importedTotal++;
  }

  /** Resources written (created or updated) so far. */
  get written(): number {
    return this.outcomes.created + this.outcomes.updated;
  }

  reject(location: ImportLocation, reason: string): void {
    this.errorCount++;
    if (this.kept.length < MAX_KEPT_ERRORS) {
      this.kept.push({ ...location, reason });
    }
  }

  progress(): ImportProgress {
    return { imported: this.importedTotal, rejected: this.errorCount, processed: this.processed };
  }

  summary(): ImportSummary {
    const elapsedMs = performance.now() - this.started;
    const byType = [...this.counts].sort(([a], [b]) => a.localeCompare(b));
    return {
      imported: Object.fromEntries(byType.map(([type, c]) => [type, c.created + c.updated + c.unchanged])),
      importedTotal: this.importedTotal,
      outcomes: { ...this.outcomes },
      outcomesByType: Object.fromEntries(byType.map(([type, c]) => [type, { ...c }])),
      errorCount: this.errorCount,
      // Batches finish out of order; reading errors in file order is easier.
      errors: [...this.kept].sort(byLocation),
      elapsedMs,
      resourcesPerSecond: ratePerSecond(this.importedTotal, elapsedMs),
    };
  }
}

/** The summary as text for stdout: a table per type, totals, then the first `maxErrors` errors. */
export function formatSummary(summary: ImportSummary, maxErrors = 50): string {
  const row = (label: string, c: OutcomeCounts) => [
    label,
    c.created,
    c.updated,
    c.unchanged,
    c.created + c.updated + c.unchanged,
  ];
  const rows = Object.entries(summary.outcomesByType).map(([type, counts]) => row(type, counts));
  rows.push(row('Total', summary.outcomes));
  let text = formatTable(['Resource type', 'New', 'Updated', 'Unchanged', 'Imported'], rows);
  text += `\n${formatCount(summary.importedTotal)} resources imported in ${formatDuration(summary.elapsedMs)}`;
  text += ` (${formatCount(summary.resourcesPerSecond)} resources/s), ${formatCount(summary.errorCount)} rejected\n`;
  if (summary.errorCount > 0) {
    text += '\nRejected:\n';
    const shown = summary.errors.slice(0, maxErrors);
    for (const error of shown) {
      text += `  ${formatLocation(error)}: ${error.reason}\n`;
    }
    if (summary.errorCount > shown.length) {
      text += `  … and ${formatCount(summary.errorCount - shown.length)} more\n`;
    }
  }
  return text;
}
