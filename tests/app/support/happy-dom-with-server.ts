// Component tests that start the real server in their own process: the test file runs in vitest's `node`
// environment (so Vite transforms the server's modules for Node; the happy-dom environment's browser
// transform rewrites the server's `new URL('…', import.meta.url)` against the page and breaks its file reads
// and validation worker), and this module then installs the happy-dom window as the built-in environment
// does. Import it first, before @testing-library/react, which binds `screen` to the document on import.
// Node's fetch stays: happy-dom's keeps an HTTP cache across the test's own requests to the server (a search
// read back after a write answered from the cache), and the page is on the server's origin anyway.
import { afterAll } from 'vitest';
import { builtinEnvironments } from 'vitest/runtime';

/** Globals happy-dom would replace that stay Node's (Express, the server's file reads and msw expect them). */
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
const installed = await builtinEnvironments['happy-dom'].setup(globalThis, {});
for (const [key, descriptor] of originals) {
  if (descriptor) {
    Object.defineProperty(globalThis, key, descriptor);
  }
}
/** Longer than any Mantine transition: their timers (Node's) may still update a component after the last test. */
const SETTLE_MS = 500;
afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  await installed.teardown(globalThis);
});

/** Puts the page at `url` (e.g. the server's /app route), so the app's requests to that server are same-origin. */
export function setPageUrl(url: string): void {
  (globalThis as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
}
