// The terminology server of the selection (TARGET_TERMINOLOGY_URL): one SnomedDescendants per process, so its
// in-memory cache is shared by every selection and $care-burden call of the process — the population path and
// the per-patient path then count the same expanded codes. Why in memory and not in the database: the
// expansion is derived data of an external, versioned source, about fifty requests once a day; a table would
// need a migration and invalidation when the server's edition changes, for a restart's worth of savings. A
// server that does not answer is a warning in the log, never a failed selection.
import {
  type ChronicDiseaseTerminology,
  DEFAULT_CHRONIC_DISEASES,
  SnomedDescendants,
  ValueSetExpander,
} from '@target/profiles';
import type { Config } from '../../config.ts';
import type { Logger } from '../../platform/logger.ts';

/** The terminology the configuration names; undefined without TARGET_TERMINOLOGY_URL. */
export function selectionTerminology(
  config: Pick<Config, 'terminologyUrl' | 'terminologyTimeoutMs'>,
  logger: Logger,
): ChronicDiseaseTerminology | undefined {
  if (!config.terminologyUrl) {
    return undefined;
  }
  const expander = new ValueSetExpander({ baseUrl: config.terminologyUrl, timeoutMs: config.terminologyTimeoutMs });
  return new SnomedDescendants({
    expander,
    onWarning: (message) => logger.warn({ terminology: config.terminologyUrl }, message),
  });
}

/**
 * Expands the default list once in the background at start, so the first selection finds the cache warm; a
 * failure is only the warning SnomedDescendants logs.
 */
export function warmTerminology(terminology: ChronicDiseaseTerminology | undefined): void {
  void terminology?.withDescendants(DEFAULT_CHRONIC_DISEASES).catch(() => undefined);
}
