// happy-dom's document and window for a component test that also starts the real server in its own process.
// Such a test runs in vitest's node environment — modules transformed as on Node, so import.meta.url stays the
// file: URL the server reads its files by (vitest's happy-dom environment makes it http://localhost:3000/…) —
// and this module adds the DOM, keeping Node's own URL, fetch and friends that Express, the server's fs calls
// and msw expect. Import it FIRST (before Testing Library, which looks for `document` when it loads).
import { afterAll } from 'vitest';
import { builtinEnvironments } from 'vitest/runtime';

/** Globals happy-dom would replace that stay Node's. */
const NODE_GLOBALS = [
  'URL',
  'URLSearchParams',
  'fetch',
  'Request',
  'Response',
  'Headers',
  'FormData',
  'AbortController',
  'AbortSignal',
] as const;

const originals = NODE_GLOBALS.map((key) => [key, Object.getOwnPropertyDescriptor(globalThis, key)] as const);
const dom = await builtinEnvironments['happy-dom'].setup(globalThis, {});
for (const [key, descriptor] of originals) {
  if (descriptor) {
    Object.defineProperty(globalThis, key, descriptor);
  }
}
afterAll(() => dom.teardown(globalThis));
