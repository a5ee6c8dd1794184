// The progress reporter and summary table: what a log file and a terminal get, with a controlled clock.
import { describe, expect, test } from 'vitest';
import {
  formatDuration,
  formatProgressBar,
  formatProgressLine,
  formatTable,
  ProgressReporter,
  type ProgressStream,
} from '../../../server/src/platform/progress.ts';

class CapturedStream implements ProgressStream {
  readonly isTTY: boolean;
  readonly columns = 120;
  text = '';

  constructor(isTTY: boolean) {
    this.isTTY = isTTY;
  }

  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

function clock(): { now: () => number; advance: (ms: number) => void } {
  let time = 0;
  return { now: () => time, advance: (ms) => (time += ms) };
}

describe('progress formatting', () => {
  test('formats a plain line with percentage, rate, ETA and detail when the total is known', () => {
    const line = formatProgressLine({
      label: 'import',
      done: 4500,
      total: 10_000,
      unit: 'resources',
      elapsedMs: 3000,
      detail: '2 rejected',
    });
    expect(line).toBe('import: 4,500/10,000 resources (45%), 1,500/s, ETA 0:04, 2 rejected');
  });

  test('formats a counter without percentage or ETA when the total is unknown', () => {
    expect(formatProgressLine({ label: 'select', done: 1234, unit: 'patients', elapsedMs: 2000 })).toBe(
      'select: 1,234 patients, 617/s',
    );
  });

  test('draws a bar filled in proportion to the work done', () => {
    const bar = formatProgressBar({ label: 'import', done: 250, total: 1000, unit: 'resources', elapsedMs: 500 }, 20);
    expect(bar).toBe('import [#####...............]  25% 250/1,000 resources 500/s ETA 0:02');
  });

  test.each([
    [0, '0:00'],
    [59_400, '0:59'],
    [65_000, '1:05'],
    [3_723_000, '1:02:03'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  test('aligns table columns: text left, numbers right with thousands separators', () => {
    const table = formatTable(
      ['Resource type', 'Imported'],
      [
        ['Observation', 32_000],
        ['Patient', 10_000],
        ['Organization', 4],
      ],
    );
    expect(table).toBe(
      [
        'Resource type  Imported',
        '-------------  --------',
        'Observation      32,000',
        'Patient          10,000',
        'Organization          4',
        '',
      ].join('\n'),
    );
  });

  test('widens a column to its longest cell', () => {
    const table = formatTable(['Type', 'N'], [['MedicationStatement', 1_234_567]]);
    expect(table.split('\n')).toEqual([
      'Type                         N',
      '-------------------  ---------',
      'MedicationStatement  1,234,567',
      '',
    ]);
  });
});

describe('ProgressReporter', () => {
  test('writes a plain line once per interval when the stream is not a terminal, and the final state once', () => {
    const stream = new CapturedStream(false);
    const time = clock();
    const progress = new ProgressReporter({
      label: 'import',
      unit: 'resources',
      total: 300,
      stream,
      intervalMs: 5000,
      now: time.now,
    });
    for (let done = 10; done <= 300; done += 10) {
      time.advance(500);
      progress.update(done);
    }
    progress.finish();
    expect(stream.text.split('\n')).toEqual([
      'import: 100/300 resources (33%), 20/s, ETA 0:10',
      'import: 200/300 resources (66%), 20/s, ETA 0:05',
      'import: 300/300 resources (100%), 20/s',
      '',
    ]);
  });

  test('redraws one line in place on a terminal and ends it with a newline', () => {
    const stream = new CapturedStream(true);
    const time = clock();
    const progress = new ProgressReporter({ label: 'seed', unit: 'patients', stream, now: time.now });
    progress.update(1);
    time.advance(50);
    progress.update(2); // within the redraw interval: not drawn
    time.advance(100);
    progress.update(3);
    progress.finish(4, 'done');
    expect(stream.text).toBe(
      '\r\x1b[2Kseed 1 patients 0/s\r\x1b[2Kseed 3 patients 20/s\r\x1b[2Kseed 4 patients 27/s done\n',
    );
  });
});
