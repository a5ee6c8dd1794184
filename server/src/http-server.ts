// Binds an Express app to a TCP port and shuts it down gracefully: stop accepting, finish in-flight requests,
// then close the database. Kept apart from `app.ts` so tests and the CLI start the server the same way.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import type { Logger } from './platform/logger.ts';
import { FHIR_JSON } from './platform/outcomes.ts';

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

export interface HttpServerOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  readonly host: string;
  readonly logger: Logger;
  /** Runs after the last connection has closed (closes the database). */
  readonly onClose: () => Promise<void>;
  /** How long in-flight requests may run after `stop()` before their sockets are destroyed (default 10 s). */
  readonly shutdownTimeoutMs?: number;
  /**
   * How long a client may take to send a whole request, headers and body (default 120 s, config
   * TARGET_REQUEST_TIMEOUT_MS); Node answers 408 after it. At least the 66 s headers timeout.
   */
  readonly requestTimeoutMs?: number;
}

export interface RunningServer {
  readonly server: http.Server;
  /** `http://host:port` of the listening socket (not the public base URL). */
  readonly url: string;
  /** The port actually bound (differs from the requested one when that was 0). */
  readonly port: number;
  /** Graceful shutdown; calling it again returns the same promise. */
  stop(): Promise<void>;
}

/**
 * Starts listening and resolves once the port is bound.
 * @param app - The Express application.
 * @param opts - Port, host, logger and the shutdown hook.
 * @returns The running server with its bound port and a `stop()` function.
 */
export async function startHttpServer(app: Express, opts: HttpServerOptions): Promise<RunningServer> {
  // Idle keep-alive sockets outlive the clients' own idle timeouts (undici: 4 s), so a client never reuses a
  // socket the server is closing at that moment (which surfaces as ECONNRESET under load).
  // requestTimeout bounds a slow upload (one byte a second would otherwise hold a socket and the body
  // parser for as long as the client likes); the work after it is bounded by the request limits and, on
  // PostgreSQL, the statement timeout (store/database.ts).
  const server = http.createServer(
    {
      keepAliveTimeout: 65_000,
      headersTimeout: 66_000,
      requestTimeout: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    },
    app,
  );
  server.on('clientError', answerClientError);
  const inFlight = new Set<http.ServerResponse>();
  let stopping: Promise<void> | undefined;

  // Runs before Express sees the request. While stopping, every response asks the client to close the
  // connection, and each socket is closed as soon as its last response is done, instead of lingering for the
  // keep-alive timeout and holding `server.close()` open.
  server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    if (stopping) {
      res.setHeader('connection', 'close');
    }
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (stopping) {
        setImmediate(() => server.closeIdleConnections());
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(opts.port, opts.host, () => {
      server.off('error', onError);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  // A wildcard bind is reachable on loopback; use that in the URL so it can be fetched as-is.
  const urlHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  const url = `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${port}`;
  opts.logger.debug({ url }, 'HTTP server listening');

  const stop = (): Promise<void> => {
    if (!stopping) {
      for (const res of inFlight) {
        if (!res.headersSent) {
          res.setHeader('connection', 'close');
        }
      }
      stopping = shutdown(server, inFlight, opts);
    }
    return stopping;
  };

  return { server, url, port, stop };
}

/** What Node's HTTP parser refuses before any route runs, as status and OperationOutcome issue. */
function parserRefusal(code: string | undefined): { status: number; issue: string; text: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, issue: 'too-costly', text: 'The request line and headers exceed 16 KiB' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, issue: 'timeout', text: 'The request was not received in time' };
    default:
      return { status: 400, issue: 'invalid', text: 'The request is not valid HTTP/1.1' };
  }
}

/**
 * Node answers a request its parser refuses (headers over 16 KiB, a malformed request line, a request sent
 * too slowly) with a bare status line; clients of a FHIR server get an OperationOutcome for every error.
 * There is no response object yet: the answer is written to the socket as Node's default handler does.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // As Node's own handler (_http_server.js socketOnError): nothing is written while an answer on this socket
  // is under way (its `_httpMessage`, once its headers are out), lest the client read a corrupt answer.
  const answering = (socket as Socket & { _httpMessage?: http.ServerResponse })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || answering?.headersSent) {
    socket.destroy();
    return;
  }
  const { status, issue, text } = parserRefusal(err.code);
  const body = JSON.stringify({
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: issue, details: { text } }],
  });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: ${FHIR_JSON}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

async function shutdown(
  server: http.Server,
  inFlight: Set<http.ServerResponse>,
  opts: HttpServerOptions,
): Promise<void> {
  const { logger } = opts;
  logger.info('HTTP server stopping');
  const closed = new Promise<void>((resolve, reject) => {
    // close() stops accepting connections; its callback fires when the last connection has ended.
    server.close((err) => (err ? reject(err) : resolve()));
  });
  // Keep-alive sockets with no request in flight would otherwise hold close() open until they time out.
  server.closeIdleConnections();
  const timeoutMs = opts.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const timer = setTimeout(() => {
    logger.warn(
      { timeoutMs, requests: inFlight.size },
      'HTTP requests still running at shutdown timeout; closing them',
    );
    server.closeAllConnections();
  }, timeoutMs);
  timer.unref();
  try {
    await closed;
  } finally {
    clearTimeout(timer);
  }
  await opts.onClose();
  logger.info('HTTP server stopped');
}
