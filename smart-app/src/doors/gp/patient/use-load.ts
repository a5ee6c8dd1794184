// Loading state of one asynchronous read: loading, failed (with the error) or done, and a way to try again.
// A newer load (other inputs, or retry) makes an older, slower answer drop on the floor.
import { useCallback, useEffect, useRef, useState } from 'react';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'failed'; readonly error: unknown }
  | { readonly state: 'done'; readonly value: T };

export function useLoad<T>(
  load: () => Promise<T>,
  inputs: readonly unknown[],
): Loaded<T> & { readonly retry: () => void } {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on
  useEffect(() => {
    const run = ++latest.current;
    setLoaded({ state: 'loading' });
    load().then(
      (value) => run === latest.current && setLoaded({ state: 'done', value }),
      (error: unknown) => run === latest.current && setLoaded({ state: 'failed', error }),
    );
  }, [...inputs, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...loaded, retry };
}
