import http from 'node:http';
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
