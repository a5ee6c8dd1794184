// The store as this server runs it: store/open.ts plus the derived indexes of the programme's rules (the
// TARGET selection's facts, programme/selection/derived-indexes.ts). Every entry point opens its store here
// (the HTTP server in app.ts, each command in cli/, the tests), so none writes a resource without its facts.
import type { Logger } from './platform/logger.ts';
import { SELECTION_DERIVED_INDEXES } from './programme/selection/derived-indexes.ts';
import { openStore, type Store, type StoreConfig } from './store/open.ts';

export function openServerStore(config: StoreConfig, logger: Logger): Promise<Store> {
  return openStore(config, logger, SELECTION_DERIVED_INDEXES);
}
