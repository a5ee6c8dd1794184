import { defineConfig } from 'vitest/config';
import { SlowestFirstSequencer } from './tests/support/sequencer.ts';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    pool: 'forks',
    // PGlite is PostgreSQL compiled to WebAssembly: each instance takes hundreds of MB and a CPU core.
    maxWorkers: 2,
    // The slowest files first, also on a clean clone without Vitest's cache of durations (tests/support/sequencer.ts).
    sequence: { sequencer: SlowestFirstSequencer },
  },
});
