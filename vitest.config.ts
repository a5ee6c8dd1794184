import { defineConfig } from 'vitest/config';

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
  },
});
