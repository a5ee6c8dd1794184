import { describe, expect, test } from 'vitest';
import { runMain as run } from '../support/cli.ts';

describe('main.ts command line', () => {
  test('help lists every command with its description and exits 0', async () => {
    const { code, stdout } = await run(['help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}serve {2,}\S.+$/m);
    expect(stdout).toMatch(/^ {2}help {2,}\S.+$/m);
  });

  test('an unknown command prints the help to stderr and exits 2', async () => {
    const { code, stdout, stderr } = await run(['frobnicate']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Unknown command "frobnicate"');
    expect(stderr).toContain('serve');
  });

  test.each([[['serve']], [[]]])(
    'a bad configuration value stops %j with one line on stderr and exit code 2',
    async (args) => {
      const { code, stdout, stderr } = await run(args, { TARGET_PORT: 'eighty' });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe('Configuration error: TARGET_PORT must be an integer between 0 and 65535, got "eighty"\n');
    },
  );
});
