// The public API of the mapping module: profiles/src/index.ts (browser-safe, for server and app) and
// profiles/src/node.ts (plus the validator and package readers, which read the package from disk). That the
// browser entry bundles for a browser is proven by a Vite build in browser-entry.test.ts.
import { describe, expect, test } from 'vitest';
import * as api from '../../profiles/src/index.ts';
import * as nodeApi from '../../profiles/src/node.ts';

describe('mapping module API', () => {
  test('every builder has its reader', () => {
    const builders = Object.keys(api).filter((name) => name.startsWith('build'));
    expect(builders.length).toBe(22);
    for (const builder of builders) {
      expect(api).toHaveProperty(builder.replace(/^build/, 'read'));
    }
  });

  test('node.ts adds the validator factory and the package readers', () => {
    expect(typeof nodeApi.createTargetValidator).toBe('function');
    expect(typeof nodeApi.readTargetDefinitions).toBe('function');
    expect(nodeApi.buildCareBurdenObservation).toBe(api.buildCareBurdenObservation);
  });
});
