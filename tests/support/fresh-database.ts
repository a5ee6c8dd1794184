// For store tests that need a database of their own per test: `open()` makes a fresh, empty database of the
// kind and opens it; after each test every database it opened is closed and removed.
import { afterEach } from 'vitest';
import type { Config } from '../../server/src/config.ts';
import { type Database, openDatabase } from '../../server/src/store/database/database.ts';
import { type DatabaseKind, makeTestConfig, type TestConfig } from './database.ts';

export function useFreshDatabase(kind: DatabaseKind): { open(): Promise<{ db: Database; config: Config }> } {
  const opened: { db: Database; test: TestConfig }[] = [];
  afterEach(async () => {
    for (const { db, test } of opened.splice(0)) {
      await db.close().catch(() => undefined); // the test may have closed it already
      await test.cleanup();
    }
  });
  return {
    async open() {
      const test = await makeTestConfig(kind);
      const db = await openDatabase(test.config);
      opened.push({ db, test });
      return { db, config: test.config };
    },
  };
}
