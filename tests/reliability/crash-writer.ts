// One writer client of the crash harness, run as a child process of it (crash-harness.ts): sends transaction
// Bundles, If-Match updates of the shared Patients and conditional creates racing the other writers to a server that is killed and restarted under it, and
// reports every request it sent and what came back to the harness over the IPC channel. It only writes; the
// harness judges what the database holds afterwards.
import { createRng } from '../../server/src/demo/random.ts';

/** What the harness passes in (JSON, first argument). */
export interface WriterOptions {
  readonly fhirUrl: string;
  readonly authorization: string;
  readonly writer: number;
  readonly seed: number;
  /** Requests this writer keeps in flight at once. */
  readonly lanes: number;
  /** Ids of the Patients every writer updates. */
  readonly shared: readonly string[];
}

/** One request as sent and, when an answer arrived, as answered. */
export type WriteRecord =
  | {
      readonly op: 'transaction';
      readonly requestId: string;
      /** Tag code of every resource in the Bundle. */
      readonly marker: string;
      /** HTTP status; absent: no answer (connection lost). */
      readonly status?: number;
      /** `Type/id` of each entry, from an answered transaction-response. */
      readonly locations?: readonly string[];
    }
  | {
      readonly op: 'update';
      readonly requestId: string;
      readonly marker: string;
      readonly id: string;
      readonly status?: number;
      /** The version the answer says was stored. */
      readonly version?: number;
    }
  | {
      readonly op: 'conditional';
      readonly requestId: string;
      readonly marker: string;
      /** The identifier value all writers race to create once. */
      readonly value: string;
      readonly status?: number;
      /** The id the answer names (the new or the existing Patient). */
      readonly id?: string;
    };

/** Identifier system of the Patients the writers create conditionally (If-None-Exist), racing on few values. */
export const CONDITIONAL_SYSTEM = 'urn:target-test:crash-conditional';
const CONDITIONAL_VALUES = 40;

/** Tag system of the harness's transaction resources; the tag code is the Bundle's marker. */
export const CRASH_TAG = 'urn:target-test:crash';
/** Resources per transaction Bundle: a Patient and two Conditions that reference it. */
export const TRANSACTION_SIZE = 3;

export function transactionBundle(marker: string) {
  const patientUrl = `urn:uuid:${crypto.randomUUID()}`;
  const meta = { tag: [{ system: CRASH_TAG, code: marker }] };
  const condition = (text: string) => ({
    fullUrl: `urn:uuid:${crypto.randomUUID()}`,
    resource: {
      resourceType: 'Condition',
      meta,
      code: { text },
      subject: { reference: patientUrl },
    },
    request: { method: 'POST', url: 'Condition' },
  });
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: patientUrl,
        resource: { resourceType: 'Patient', meta, identifier: [{ system: CRASH_TAG, value: marker }] },
        request: { method: 'POST', url: 'Patient' },
      },
      condition('crash test one'),
      condition('crash test two'),
    ],
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True when the server did not take the connection at all: nothing was sent, so nothing was attempted. */
function refused(err: unknown): boolean {
  const code = (err as { cause?: { code?: string } }).cause?.code;
  return code === 'ECONNREFUSED';
}

async function run(options: WriterOptions): Promise<void> {
  const random = createRng(options.seed);
  let stopping = false;
  let sequence = 0;
  process.on('message', (message) => {
    if (message === 'stop') {
      stopping = true;
    }
  });
  const report = (record: WriteRecord) => process.send?.(record);
  const headers = (requestId: string, extra: Record<string, string> = {}) => ({
    authorization: options.authorization,
    accept: 'application/fhir+json',
    'content-type': 'application/fhir+json',
    'x-request-id': requestId,
    ...extra,
  });

  /** Sends one request; undefined when the server was down (not attempted). */
  async function send(url: string, init: RequestInit): Promise<{ status?: number; body?: unknown } | undefined> {
    try {
      const response = await fetch(url, init);
      const text = await response.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // A cut-off body: the status line did arrive, so the answer counts.
      }
      return { status: response.status, body };
    } catch (err) {
      return refused(err) ? undefined : {};
    }
  }

  async function transaction(): Promise<boolean> {
    const marker = `w${options.writer}-${++sequence}`;
    const requestId = `crash-${marker}`;
    const answer = await send(options.fhirUrl, {
      method: 'POST',
      headers: headers(requestId),
      body: JSON.stringify(transactionBundle(marker)),
    });
    if (!answer) {
      return false;
    }
    const entries = (answer.body as { entry?: { response?: { location?: string } }[] } | undefined)?.entry ?? [];
    const locations = entries.map((e) =>
      (e.response?.location ?? '').split('/_history')[0].split('/').slice(-2).join('/'),
    );
    report({
      op: 'transaction',
      requestId,
      marker,
      status: answer.status,
      ...(answer.status === 200 ? { locations } : {}),
    });
    return true;
  }

  async function update(): Promise<boolean> {
    const id = options.shared[Math.floor(random() * options.shared.length)];
    const url = `${options.fhirUrl}/Patient/${id}`;
    const current = await send(url, { headers: headers(`crash-read-w${options.writer}-${sequence}`) });
    const version = (current?.body as { meta?: { versionId?: string } } | undefined)?.meta?.versionId;
    if (current?.status !== 200 || !version) {
      return current !== undefined;
    }
    const marker = `w${options.writer}-${++sequence}`;
    const requestId = `crash-${marker}`;
    const body = { resourceType: 'Patient', id, name: [{ family: marker }] };
    const answer = await send(url, {
      method: 'PUT',
      headers: headers(requestId, { 'if-match': `W/"${version}"` }),
      body: JSON.stringify(body),
    });
    if (!answer) {
      return false;
    }
    const stored = (answer.body as { meta?: { versionId?: string } } | undefined)?.meta?.versionId;
    report({
      op: 'update',
      requestId,
      marker,
      id,
      status: answer.status,
      ...(answer.status === 200 && stored ? { version: Number(stored) } : {}),
    });
    return true;
  }

  async function conditionalCreate(): Promise<boolean> {
    const value = `c${Math.floor(random() * CONDITIONAL_VALUES)}`;
    const marker = `w${options.writer}-${++sequence}`;
    const requestId = `crash-${marker}`;
    const answer = await send(`${options.fhirUrl}/Patient`, {
      method: 'POST',
      headers: headers(requestId, {
        'if-none-exist': `identifier=${encodeURIComponent(`${CONDITIONAL_SYSTEM}|${value}`)}`,
      }),
      body: JSON.stringify({ resourceType: 'Patient', identifier: [{ system: CONDITIONAL_SYSTEM, value }] }),
    });
    if (!answer) {
      return false;
    }
    const id = (answer.body as { id?: string } | undefined)?.id;
    report({ op: 'conditional', requestId, marker, value, status: answer.status, ...(id ? { id } : {}) });
    return true;
  }

  async function lane(): Promise<void> {
    while (!stopping) {
      const draw = random();
      const sent = await (draw < 0.4 ? transaction() : draw < 0.8 ? update() : conditionalCreate());
      if (!sent) {
        // The server is down (killed, restarting): try again shortly.
        await pause(50);
      }
    }
  }

  await Promise.all(Array.from({ length: options.lanes }, lane));
  process.send?.('done');
}

if (import.meta.main) {
  run(JSON.parse(process.argv[2]) as WriterOptions).then(
    () => process.disconnect?.(),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
