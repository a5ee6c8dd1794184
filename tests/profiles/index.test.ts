// The public API of the mapping module: profiles/src/index.ts (browser-safe, for server and app) and
// profiles/src/node.ts (plus the validator and package readers, which read the package from disk). That the
// browser entry bundles for a browser is proven by a Vite build in browser-entry.test.ts.
import { describe, expect, test } from 'vitest';
import * as api from '../../profiles/src/index.ts';
import * as nodeApi from '../../profiles/src/node.ts';

describe('mapping module API', () => {
  // The conversation record builds a set of resources (and the transaction that saves them) from the app's
  // draft; readConversationDraft reads them back as a whole, so these have no one-to-one reader.
  const recordBuilders = ['buildConversationResources', 'buildConversationResponse', 'buildConversationTransaction'];

  test('every builder of a profiled resource has its reader', () => {
    const builders = Object.keys(api).filter((name) => name.startsWith('build') && !recordBuilders.includes(name));
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
