// Progress and summaries for long-running commands (import, select, seed-demo). Progress goes to stderr so
// that stdout carries only the result: on a terminal one redrawn line with a bar, elsewhere (CI logs, files)
// a plain line every few seconds instead of thousands of carriage returns. The formatting functions are
// pure so they can be tested without a terminal.

/** The part of a stream the reporter needs; `process.stderr` is one. */
export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressState {
  readonly label: string;
  readonly done: number;
  /** Unknown total: a counter instead of a bar, no ETA. */
  readonly total?: number;
  /** What is counted, e.g. "resources". */
  readonly unit: string;
  readonly elapsedMs: number;
  /** Extra text at the end, e.g. "3 rejected". */
  readonly detail?: string;
}

export interface ProgressOptions {
  readonly label: string;
  readonly unit?: string;
  readonly total?: number;
  readonly stream?: ProgressStream;
  /** Milliseconds between plain lines when the stream is not a terminal. */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

/** Redraws on a terminal at most this often: drawing costs more than counting. */
const TTY_REDRAW_MS = 100;
const DEFAULT_INTERVAL_MS = 5000;
const BAR_WIDTH = 24;

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 12345 → "12,345". */
export function formatCount(value: number): string {
  return numberFormat.format(value);
}

/** 65_000 → "1:05", 3_723_000 → "1:02:03". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Items per second, 0 before any time has passed. */
export function ratePerSecond(done: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
}

function parts(state: ProgressState): { amount: string; rate: string; eta: string | undefined } {
  const rate = ratePerSecond(state.done, state.elapsedMs);
  const amount =
    state.total === undefined
      ? `${formatCount(state.done)} ${state.unit}`
      : `${formatCount(state.done)}/${formatCount(state.total)} ${state.unit}`;
  const remaining = state.total === undefined ? 0 : state.total - state.done;
  const eta = remaining <= 0 || rate === 0 ? undefined : formatDuration((remaining / rate) * 1000);
  return { amount, rate: `${formatCount(rate)}/s`, eta };
}

function percent(state: ProgressState): number {
  return state.total ? Math.min(100, Math.floor((state.done / state.total) * 100)) : 100;
}

/** One plain line for logs: `import: 4,500/10,000 resources (45%), 1,500/s, ETA 0:04, 2 rejected`. */
export function formatProgressLine(state: ProgressState): string {
  const { amount, rate, eta } = parts(state);
  const fields = [state.total === undefined ? amount : `${amount} (${percent(state)}%)`, rate];
  if (eta !== undefined) {
    fields.push(`ETA ${eta}`);
  }
  if (state.detail) {
    fields.push(state.detail);
  }
  return `${state.label}: ${fields.join(', ')}`;
}

/** The terminal line: `import [#########...........] 45% 4,500/10,000 resources 1,500/s ETA 0:04`. */
export function formatProgressBar(state: ProgressState, width = BAR_WIDTH): string {
  const { amount, rate, eta } = parts(state);
  const fields = [state.label];
  if (state.total !== undefined) {
    const filled = Math.round((percent(state) / 100) * width);
    fields.push(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`, `${String(percent(state)).padStart(3)}%`);
  }
  fields.push(amount, rate);
  if (eta !== undefined) {
    fields.push(`ETA ${eta}`);
  }
  if (state.detail) {
    fields.push(state.detail);
  }
  return fields.join(' ');
}

export class ProgressReporter {
  private readonly options: Required<Omit<ProgressOptions, 'total'>>;
  private readonly started: number;
  private total: number | undefined;
  private done = 0;
  private detail: string | undefined;
  private lastDrawn: number;
  /** What the last drawing showed, so that finish() does not repeat an identical line in a log. */
  private drawn: string | undefined;
  private finished = false;

  constructor(options: ProgressOptions) {
    this.options = {
      unit: 'items',
      stream: process.stderr,
      intervalMs: DEFAULT_INTERVAL_MS,
      now: () => performance.now(),
      ...options,
    };
    this.total = options.total;
    this.started = this.options.now();
    // A terminal shows the bar at once; a log gets its first line after one interval (short runs: only the last).
    this.lastDrawn = this.tty ? Number.NEGATIVE_INFINITY : this.started;
  }

  private get tty(): boolean {
    return Boolean(this.options.stream.isTTY);
  }

  /** Records progress; draws when enough time has passed since the last drawing. */
  update(done: number, detail?: string): void {
    this.done = done;
    this.detail = detail;
    const now = this.options.now();
    if (now - this.lastDrawn >= (this.tty ? TTY_REDRAW_MS : this.options.intervalMs)) {
      this.draw(now);
    }
  }

  /** The total became known (or changed) while running. */
  setTotal(total: number | undefined): void {
    this.total = total;
  }

  /** Draws the final state once; on a terminal the line stays and the cursor moves below it. */
  finish(done = this.done, detail = this.detail): void {
    if (this.finished) {
      return;
    }
    this.done = done;
    this.detail = detail;
    if (this.tty || this.drawn !== `${done} ${detail}`) {
      this.draw(this.options.now());
    }
    if (this.tty) {
      this.options.stream.write('\n');
    }
    this.finished = true;
  }

  private draw(now: number): void {
    this.lastDrawn = now;
    this.drawn = `${this.done} ${this.detail}`;
    const state: ProgressState = {
      label: this.options.label,
      done: this.done,
      total: this.total,
      unit: this.options.unit,
      elapsedMs: now - this.started,
      detail: this.detail,
    };
    if (this.tty) {
      const columns = this.options.stream.columns ?? 80;
      // \r + "erase line": the redrawn line never leaves the tail of a longer previous one.
      this.options.stream.write(`\r\x1b[2K${formatProgressBar(state).slice(0, Math.max(10, columns - 1))}`);
    } else {
      this.options.stream.write(`${formatProgressLine(state)}\n`);
    }
  }
}

export type TableCell = string | number;

/**
 * Aligned columns with a header and a dashed rule; numbers right-aligned (with thousands separators),
 * text left-aligned.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly TableCell[])[]): string {
  const text = rows.map((row) => headers.map((_, i) => cellText(row[i])));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((row) => typeof (row[i] ?? 0) === 'number'));
  const widths = headers.map((header, i) => Math.max(header.length, ...text.map((row) => row[i].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return `${[line(headers), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n')}\n`;
}

function cellText(cell: TableCell | undefined): string {
  if (cell === undefined) {
    return '';
  }
  return typeof cell === 'number' ? formatCount(cell) : cell;
}
