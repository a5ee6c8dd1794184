// `npm start` (serve --demo) on an empty database seeds a demo practice and runs its selection; on a
// database that holds patients it does nothing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDemoOnFirstStart } from '../../../server/src/demo/first-start.ts';
import { openServerStore } from '../../../server/src/open-server-store.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import type { Store } from '../../../server/src/store/open.ts';
import { makeTestConfig, type TestConfig } from '../../support/database.ts';

describe('the demo practice on first start (PGlite, as npm start runs)', () => {
  let testConfig: TestConfig;
  let store: Store;
  beforeAll(async () => {
    testConfig = await makeTestConfig('pglite');
    store = await openServerStore(testConfig.config, createLogger(testConfig.config));
  });
  afterAll(async () => {
    await store?.close();
    await testConfig?.cleanup();
  });

  test('an empty database gets the demo practice and its selection Group', async () => {
    const seeded = await seedDemoOnFirstStart(store.repo, createLogger(testConfig.config), {
      patients: 120,
      practices: 1,
      seed: 1,
    });
    expect(seeded).toBe(true);
    const patients = await store.repo.search({ resourceType: 'Patient', count: 0, total: 'accurate' });
    expect(patients.total).toBe(120);
    const groups = await store.repo.search({ resourceType: 'Group', count: 0, total: 'accurate' });
    expect(groups.total).toBe(2); // the earlier selection of the practice history, and today's
  }, 60_000);

  test('a database with patients is left alone', async () => {
    const seeded = await seedDemoOnFirstStart(store.repo, createLogger(testConfig.config), {
      patients: 120,
      practices: 1,
      seed: 2,
    });
    expect(seeded).toBe(false);
    const patients = await store.repo.search({ resourceType: 'Patient', count: 0, total: 'accurate' });
    expect(patients.total).toBe(120);
  });
});
