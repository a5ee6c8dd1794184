import http from 'node:http';
import net from 'node:net';
import express from 'express';
import { afterEach, describe, expect, test } from 'vitest';
import { type RunningServer, startHttpServer } from '../../server/src/http-server.ts';
import { createLogger } from '../../server/src/platform/logger.ts';

const logger = createLogger({ logLevel: 'silent' });

function makeApp(events: string[] = []): express.Express {
  const app = express();
  app.get('/fast', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/slow', (req, res) => {
    const ms = Number(req.query.ms ?? 300);
    events.push('slow received');
    res.once('finish', () => events.push('response sent'));
    setTimeout(() => res.json({ ok: true, ms }), ms);
  });
  app.get('/hang', () => {
    // Never answers: only the shutdown timeout ends this request.
    events.push('hang received');
  });
  return app;
}

/** GET over a keep-alive agent, so the socket stays open after the response as a browser's would. */
function get(url: string, agent: http.Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('startHttpServer', () => {
  let running: RunningServer | undefined;
  let agent: http.Agent;

  afterEach(async () => {
    agent?.destroy();
    await running?.stop();
    running = undefined;
  });

  test('binds a free port when asked for port 0 and reports its URL', async () => {
    running = await startHttpServer(makeApp(), { port: 0, host: '127.0.0.1', logger, onClose: async () => {} });
    agent = new http.Agent({ keepAlive: true });
    expect(running.port).toBeGreaterThan(0);
    expect(running.url).toBe(`http://127.0.0.1:${running.port}`);
    expect(await get(`${running.url}/fast`, agent)).toEqual({ status: 200, body: '{"ok":true}' });
  });

  test('bounds the time a client may take to send a request: 120 s by default, or requestTimeoutMs', async () => {
    running = await startHttpServer(makeApp(), { port: 0, host: '127.0.0.1', logger, onClose: async () => {} });
    expect(running.server.requestTimeout).toBe(120_000);
    await running.stop();
    running = await startHttpServer(makeApp(), {
      port: 0,
      host: '127.0.0.1',
      logger,
      onClose: async () => {},
      requestTimeoutMs: 90_000,
    });
    expect(running.server.requestTimeout).toBe(90_000);
  });

  // Found by the hostile-input suite: Node's parser answered these with a bare status line and no body.
  test.each([
    ['headers over 16 KiB', 431, `GET /fast?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`],
    ['a malformed request line', 400, 'GET /fast HTTP/9\r\n\r\n'],
    ['a header with a control character', 400, 'GET /fast HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n'],
  ])('answers a request the HTTP parser refuses (%s) with %i and an OperationOutcome', async (_label, status, raw) => {
    running = await startHttpServer(makeApp(), { port: 0, host: '127.0.0.1', logger, onClose: async () => {} });
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(running?.port as number, '127.0.0.1', () => socket.end(raw));
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (part: string) => {
        text += part;
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(head).toMatch(/\r\nContent-Type: application\/fhir\+json\r\n/);
    expect(JSON.parse(body)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error' }] });
  });

  test('rejects when the port is taken', async () => {
    running = await startHttpServer(makeApp(), { port: 0, host: '127.0.0.1', logger, onClose: async () => {} });
    const second = startHttpServer(makeApp(), {
      port: running.port,
      host: '127.0.0.1',
      logger,
      onClose: async () => {},
    });
    await expect(second).rejects.toThrow(/EADDRINUSE/);
  });

  test('stop() lets an in-flight request finish, closes idle keep-alive sockets at once, then calls onClose', async () => {
    const events: string[] = [];
    running = await startHttpServer(makeApp(events), {
      port: 0,
      host: '127.0.0.1',
      logger,
      onClose: async () => {
        events.push('onClose');
      },
    });
    agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
    const { url } = running;
    await get(`${url}/fast`, agent); // leaves an idle keep-alive socket behind

    const inFlight = get(`${url}/slow?ms=300`, agent);
    while (!events.includes('slow received')) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const started = Date.now();
    await running.stop();

    expect(await inFlight).toEqual({ status: 200, body: '{"ok":true,"ms":300}' });
    expect(events).toEqual(['slow received', 'response sent', 'onClose']);
    // Well under the server's 5 s keep-alive timeout: the idle socket did not hold shutdown open.
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(get(`${url}/fast`, new http.Agent())).rejects.toThrow(/ECONNREFUSED/);
  });

  test('stop() is idempotent: a second call returns the same promise and onClose runs once', async () => {
    let closes = 0;
    running = await startHttpServer(makeApp(), {
      port: 0,
      host: '127.0.0.1',
      logger,
      onClose: async () => {
        closes += 1;
      },
    });
    const first = running.stop();
    expect(running.stop()).toBe(first);
    await first;
    await running.stop();
    expect(closes).toBe(1);
  });

  test('stop() closes requests still running at the shutdown timeout', async () => {
    let closed = false;
    const events: string[] = [];
    running = await startHttpServer(makeApp(events), {
      port: 0,
      host: '127.0.0.1',
      logger,
      shutdownTimeoutMs: 200,
      onClose: async () => {
        closed = true;
      },
    });
    agent = new http.Agent({ keepAlive: true });
    const hanging = get(`${running.url}/hang`, agent);
    hanging.catch(() => {});
    // Stop only once the server is really handling the request (a fixed sleep is flaky under load).
    while (!events.includes('hang received')) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const started = Date.now();
    await running.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(closed).toBe(true);
    await expect(hanging).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
