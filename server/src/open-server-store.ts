// The store as this server runs it: store/open.ts with the parts the store leaves to its owner, the
// derived indexes of the programme's rules (the TARGET selection's facts) and the access policy of the
// server's own work. Every entry point opens its store here (the HTTP server in app.ts, each command in
// cli/, the tests), so none writes a resource without its facts or applies another policy.
import { AccessPolicy } from './access/policy.ts';
import type { Logger } from './platform/logger.ts';
import { SELECTION_DERIVED_INDEXES } from './programme/selection/derived-indexes.ts';
import { SETTINGS_RULE } from './programme/selection/settings-rule.ts';
import { WORKLIST_DERIVED_INDEXES } from './programme/worklist/derived-indexes.ts';
import { INVITATION_RULE } from './programme/worklist/invitation-rule.ts';
import { openStore, type Store, type StoreConfig } from './store/open.ts';

/** One array for the life of the process: the writer prepares its statements per set of derived tables. */
const DERIVED_INDEXES = [...SELECTION_DERIVED_INDEXES, ...WORKLIST_DERIVED_INDEXES];
const WRITE_RULES = [INVITATION_RULE, SETTINGS_RULE];

export function openServerStore(config: StoreConfig, logger: Logger): Promise<Store> {
  return openStore(config, logger, {
    derivedIndexes: DERIVED_INDEXES,
    serverAccess: AccessPolicy.unrestricted,
    writeRules: WRITE_RULES,
  });
}
