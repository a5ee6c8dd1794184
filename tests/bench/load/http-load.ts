// A closed-loop HTTP load generator for the benchmarks and the load suite: `concurrency` clients, each
// sending its next request as soon as the previous answer is read, over keep-alive sockets, for a bounded
// time. Latency is measured per request from send to the last body byte. Not a test; no assertions here.
import http from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface LoadRequest {
  /** Groups the figures (e.g. "read Patient", "search name"). */
  readonly kind: string;
  readonly method?: string;
  /** Path and query from the server root, e.g. /fhir/Patient/123. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Statuses that count as success (default: 200–299). */
  readonly expect?: readonly number[];
  /** Checks a successful answer's body; a returned text is counted as an error of that name. */
  readonly check?: (body: string) => string | undefined;
}

export interface Latencies {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface LoadResult {
  readonly seconds: number;
  readonly requests: number;
  readonly perSecond: number;
  readonly latency: Latencies;
  readonly byKind: ReadonlyMap<string, Latencies>;
  /** Answers outside `expect` and socket errors, by status ("ECONNRESET" for socket errors). */
  readonly errors: ReadonlyMap<string, number>;
  /** The first few unexpected answers, for the report. */
  readonly errorSamples: readonly string[];
}

export interface LoadOptions {
  readonly baseUrl: string;
  readonly concurrency: number;
  readonly seconds: number;
  /** The n-th request of the run (n counts over all clients). */
  readonly next: (n: number) => LoadRequest;
  /** Seconds of unmeasured warm-up first (default 1). */
  readonly warmupSeconds?: number;
  /** Called about once a second with the figures so far (the long load suite samples memory there). */
  readonly onTick?: (elapsedSeconds: number, requests: number) => void;
}

function percentiles(sorted: readonly number[]): Latencies {
  const at = (q: number): number =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0;
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

/** Sends one request and resolves with its status and body once the whole body is read. */
function send(agent: http.Agent, baseUrl: string, request: LoadRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${baseUrl}${request.path}`,
      {
        agent,
        method: request.method ?? 'GET',
        headers: { accept: 'application/fhir+json', ...request.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          // Only a check or an error report reads the body: a benchmark's gzip answers are not unpacked.
          const status = res.statusCode ?? 0;
          const read = request.check !== undefined || status < 200 || status >= 300;
          const body = read && res.headers['content-encoding'] === 'gzip' ? gunzipSync(bytes) : bytes;
          resolve({ status, body: body.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** Runs the load and returns its figures; unexpected answers are counted, never thrown. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { baseUrl, concurrency, seconds, next } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let n = 0;
  const one = async (
    record: boolean,
    all: number[],
    byKind: Map<string, number[]>,
    errors: Map<string, number>,
    samples: string[],
  ) => {
    const request = next(n++);
    const started = performance.now();
    let outcome: string | undefined;
    try {
      const { status, body } = await send(agent, baseUrl, request);
      const ok = request.expect ? request.expect.includes(status) : status >= 200 && status < 300;
      const problem = ok ? request.check?.(body) : String(status);
      if (problem) {
        outcome = problem;
        if (samples.length < 5) {
          samples.push(`${request.method ?? 'GET'} ${request.path} → ${status} ${problem}: ${body.slice(0, 200)}`);
        }
      }
    } catch (err) {
      outcome = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      if (samples.length < 5) {
        samples.push(`${request.method ?? 'GET'} ${request.path} → ${outcome}`);
      }
    }
    if (!record) {
      return;
    }
    if (outcome) {
      errors.set(outcome, (errors.get(outcome) ?? 0) + 1);
      return;
    }
    const ms = performance.now() - started;
    all.push(ms);
    let list = byKind.get(request.kind);
    if (!list) {
      list = [];
      byKind.set(request.kind, list);
    }
    list.push(ms);
  };

  try {
    const scratch = {
      all: [] as number[],
      byKind: new Map<string, number[]>(),
      errors: new Map<string, number>(),
      samples: [] as string[],
    };
    const warmupEnd = performance.now() + (options.warmupSeconds ?? 1) * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < warmupEnd) {
          await one(false, scratch.all, scratch.byKind, scratch.errors, scratch.samples);
        }
      }),
    );

    const all: number[] = [];
    const byKind = new Map<string, number[]>();
    const errors = new Map<string, number>();
    const samples: string[] = [];
    const started = performance.now();
    const deadline = started + seconds * 1000;
    let ticks = 0;
    const ticker = options.onTick ? setInterval(() => options.onTick?.(++ticks, all.length), 1000) : undefined;
    try {
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < deadline) {
            await one(true, all, byKind, errors, samples);
          }
        }),
      );
    } finally {
      clearInterval(ticker);
    }
    const elapsed = (performance.now() - started) / 1000;
    const sortedKinds = new Map([...byKind].map(([kind, list]) => [kind, percentiles(list.sort((a, b) => a - b))]));
    const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
    return {
      seconds: elapsed,
      requests: all.length + errorCount,
      perSecond: all.length / elapsed,
      latency: percentiles(all.sort((a, b) => a - b)),
      byKind: sortedKinds,
      errors,
      errorSamples: samples,
    };
  } finally {
    agent.destroy();
  }
}
