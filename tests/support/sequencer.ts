// The order Vitest starts the test files in. Its two workers each take the next file when one is done, so a
// long file that starts last keeps one worker busy long after the other ran out of work. Vitest runs the
// longest first by the durations it cached on an earlier run on the machine; without that cache (a clean
// clone, as in CI) it goes by file size, which puts short files that are slow (a browser, a server in a child
// process, a corpus imported on both databases) at the end. So without a cache the files below go first.
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The slowest test files of a full run, slowest first (a file's tests, hooks included, took from about 30 s to
 * over 5 min on a busy machine). Only the order matters; a file not named here keeps Vitest's order after them.
 */
export const SLOWEST_FILES = [
  'tests/reliability/crash.test.ts',
  'tests/server/operations/graceful-shutdown.test.ts',
  'tests/server/programme/cds-hooks.test.ts',
  'tests/server/fhir/hostile-input.test.ts',
  'tests/reliability/load.test.ts',
  'tests/server/operations/backup-restore.test.ts',
  'tests/server/operations/database-unavailable.test.ts',
  'tests/server/fhir/selection-concurrency.test.ts',
  'tests/server/oauth/shared-sign-in.test.ts',
  'tests/server/audit/fhir-audit.test.ts',
  'tests/server/programme/selection.test.ts',
  'tests/server/access/writes.test.ts',
  'tests/server/fhir/export.test.ts',
  'tests/server/access/findings.test.ts',
  'tests/server/cli/practice-command.test.ts',
  'tests/app/gp/settings/settings-page.test.tsx',
  'tests/server/cli/token-command.test.ts',
  'tests/server/fhir/limits.test.ts',
  'tests/server/fhir/crud.test.ts',
  'tests/app/gp-conversation.browser.test.ts',
  'tests/server/bulk/import-bundle.test.ts',
  'tests/server/bulk/import-command.test.ts',
  'tests/app/gp/conversation/conversation-page.test.tsx',
  'tests/server/demo/seed.test.ts',
  'tests/server/programme/commands.test.ts',
];

export class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const byVitest = await super.sort(files);
    if (files.every((spec) => this.ctx.cache.getTestSpecificationResult(spec))) {
      return byVitest; // durations measured on this machine: better than the list
    }
    const rank = (spec: TestSpecification) => {
      const index = SLOWEST_FILES.indexOf(path.relative(this.ctx.config.root, spec.moduleId).split(path.sep).join('/'));
      return index === -1 ? SLOWEST_FILES.length : index;
    };
    // Array.prototype.sort is stable: the files not listed keep Vitest's order.
    return byVitest.sort((a, b) => rank(a) - rank(b));
  }
}
