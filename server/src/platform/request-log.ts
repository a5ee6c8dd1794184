// One structured log line per HTTP request: method, path, status and duration.
import type { RequestHandler } from 'express';
import type { Logger } from './logger.ts';

export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = { method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10 };
      if (res.statusCode >= 500) {
        logger.error(line, 'request');
      } else {
        logger.debug(line, 'request');
      }
    });
    next();
  };
}
