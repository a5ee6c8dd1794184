// One structured (JSON) logger for the whole process; modules take it as a parameter or make a child of it.
import { pino } from 'pino';
import type { Config } from '../config.ts';

export type Logger = pino.Logger;

/**
 * Creates the process logger: JSON lines on stdout, level from `TARGET_LOG_LEVEL`.
 * @param config - The loaded configuration.
 * @returns A pino logger.
 */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    name: 'target',
    level: config.logLevel,
    // ISO timestamps read better in container logs than epoch milliseconds.
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
