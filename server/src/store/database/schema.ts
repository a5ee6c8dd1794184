// Database schema, applied as numbered migrations on every start. Each migration runs once, in its own
// transaction, recorded in `schema_migrations`; an advisory lock keeps two starting servers from racing.
//
// Layout (how HAPI and Medplum store FHIR, simplified):
//   resource          current version of every resource, JSONB; `rid` is the internal key the index tables use
//   resource_history  every superseded version (including deletes); with `resource`, all versions for vread
//                     and _history
//   search_param      (resource type, code) → small integer id, so index rows stay narrow
//   idx_*             one typed table per search parameter type, rows written at write time from the
//                     R4 SearchParameter expressions (see indexer.ts), queried by search-sql.ts
//   audit_journal     AuditEvents stored but not yet indexed (audit-journal.ts), moved into resource in batches
//   derived tables    facts a pure function derives from each resource of a type (derived-index.ts), e.g.
//                     target_contact: the contact type of every Encounter, for the selection
import type { Database, SqlRunner } from './database.ts';

/** A migration: SQL statements, or a function for one that depends on what the server supports. */
type Migration = string | ((tx: SqlRunner) => Promise<void>);

const MIGRATIONS: readonly Migration[] = [
  `
  CREATE TABLE resource (
    rid            bigserial PRIMARY KEY,
    resource_type  text        NOT NULL,
    id             text        NOT NULL,
    version        integer     NOT NULL,
    last_updated   timestamptz NOT NULL,
    deleted        boolean     NOT NULL DEFAULT false,
    content        jsonb,
    UNIQUE (resource_type, id)
  );
  CREATE INDEX resource_type_updated ON resource (resource_type, last_updated);

  CREATE TABLE resource_history (
    rid            bigint      NOT NULL,
    version        integer     NOT NULL,
    resource_type  text        NOT NULL,
    id             text        NOT NULL,
    last_updated   timestamptz NOT NULL,
    deleted        boolean     NOT NULL,
    content        jsonb,
    PRIMARY KEY (rid, version)
  );
  CREATE INDEX resource_history_type_updated ON resource_history (resource_type, last_updated);
  CREATE INDEX resource_history_updated ON resource_history (last_updated);

  CREATE TABLE search_param (
    param          smallserial PRIMARY KEY,
    resource_type  text NOT NULL,
    code           text NOT NULL,
    UNIQUE (resource_type, code)
  );

  -- token: Coding/Identifier/ContactPoint/code/boolean/id values; text rows hold display/text for :text
  CREATE TABLE idx_token (param smallint NOT NULL, rid bigint NOT NULL, system text, value text);
  CREATE INDEX idx_token_value ON idx_token (param, value, system);
  CREATE INDEX idx_token_system ON idx_token (param, system);
  CREATE INDEX idx_token_rid ON idx_token (rid);
  CREATE TABLE idx_token_text (param smallint NOT NULL, rid bigint NOT NULL, text text NOT NULL);
  CREATE INDEX idx_token_text_text ON idx_token_text (param, text text_pattern_ops);
  CREATE INDEX idx_token_text_rid ON idx_token_text (rid);

  -- string: normalized (lower case, no diacritics) for default/:contains, raw for :exact
  CREATE TABLE idx_string (param smallint NOT NULL, rid bigint NOT NULL, normalized text NOT NULL, raw text NOT NULL);
  CREATE INDEX idx_string_normalized ON idx_string (param, normalized text_pattern_ops);
  CREATE INDEX idx_string_rid ON idx_string (rid);

  -- date: every value is a range [low, high] (a day, a Period, an instant)
  CREATE TABLE idx_date (param smallint NOT NULL, rid bigint NOT NULL, low timestamptz NOT NULL, high timestamptz NOT NULL);
  CREATE INDEX idx_date_low ON idx_date (param, low);
  CREATE INDEX idx_date_high ON idx_date (param, high);
  CREATE INDEX idx_date_rid ON idx_date (rid);

  -- reference: literal references split in type and id; logical references keep their identifier
  CREATE TABLE idx_reference (
    param smallint NOT NULL, rid bigint NOT NULL,
    target_type text, target_id text, reference text, identifier_system text, identifier_value text
  );
  CREATE INDEX idx_reference_target ON idx_reference (param, target_id, target_type);
  CREATE INDEX idx_reference_reference ON idx_reference (param, reference);
  CREATE INDEX idx_reference_rid ON idx_reference (rid);

  -- number: a value, or a range (low/high) when the element is a Range
  CREATE TABLE idx_number (param smallint NOT NULL, rid bigint NOT NULL, low numeric, high numeric);
  CREATE INDEX idx_number_low ON idx_number (param, low);
  CREATE INDEX idx_number_rid ON idx_number (rid);

  CREATE TABLE idx_quantity (param smallint NOT NULL, rid bigint NOT NULL, value numeric, system text, code text, unit text);
  CREATE INDEX idx_quantity_value ON idx_quantity (param, value);
  CREATE INDEX idx_quantity_rid ON idx_quantity (rid);

  CREATE TABLE idx_uri (param smallint NOT NULL, rid bigint NOT NULL, value text NOT NULL);
  CREATE INDEX idx_uri_value ON idx_uri (param, value text_pattern_ops);
  CREATE INDEX idx_uri_rid ON idx_uri (rid);

  -- composite: one row per matched element; component values by position (token first, then the
  -- second component as token, quantity, date or string, whichever its type is)
  CREATE TABLE idx_composite (
    param smallint NOT NULL, rid bigint NOT NULL,
    c1_system text, c1_value text,
    c2_system text, c2_value text, c2_number numeric, c2_unit text, c2_low timestamptz, c2_high timestamptz
  );
  CREATE INDEX idx_composite_c1 ON idx_composite (param, c1_value, c1_system);
  CREATE INDEX idx_composite_rid ON idx_composite (rid);
  `,
  // 2: resource_history keeps only superseded versions (the current one is in `resource`), so a create
  // writes its JSON once. System-level history then reads `resource` by last_updated too.
  `
  DELETE FROM resource_history h USING resource r WHERE h.rid = r.rid AND h.version = r.version;
  CREATE INDEX resource_updated ON resource (last_updated);
  `,
  // 3: the planner treated (param, system, value) and (param, target_type, target_id) as independent
  // columns and misjudged how many rows a common code or a popular target has; at 1M resources
  // `Condition?code=…|T90` took 146 ms instead of 3 ms (docs/benchmarks.md). Extended statistics fix that.
  `
  CREATE STATISTICS idx_token_param_system_value (mcv, dependencies) ON param, system, value FROM idx_token;
  CREATE STATISTICS idx_reference_param_target (mcv, dependencies) ON param, target_type, target_id FROM idx_reference;
  `,
  // 4: asynchronous jobs (R4 async pattern, Bulk Data export), visible to every server process on the
  // database and surviving restarts; `owner` is the process running it, `heartbeat_at` tells whether that
  // process is still alive (jobs/service.ts). Output files are stored as ordered parts so any process can
  // stream them. Export reads each type in pages keyed by rid, hence (resource_type, rid).
  `
  CREATE TABLE job (
    id            text        PRIMARY KEY,
    kind          text        NOT NULL,
    status        text        NOT NULL,
    request       text        NOT NULL,
    input         jsonb       NOT NULL,
    owner         text        NOT NULL,
    heartbeat_at  timestamptz NOT NULL DEFAULT now(),
    progress      jsonb,
    result        jsonb,
    error         jsonb,
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    finished_at   timestamptz
  );
  CREATE INDEX job_active ON job (owner) WHERE status IN ('queued', 'running');

  CREATE TABLE job_file_part (
    job_id     text    NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    name       text    NOT NULL,
    part       integer NOT NULL,
    content    text    NOT NULL,
    PRIMARY KEY (job_id, name, part)
  );

  CREATE INDEX resource_type_rid ON resource (resource_type, rid);
  `,
  // 5: the embedded authorization server's state (oauth/adapter.ts): oidc-provider's models (sessions,
  // interactions, grants, codes, refresh tokens, client-assertion jti's) and our SMART launch contexts, one
  // JSON payload per (model, id). Shared by every server process, so a code issued by one is redeemed at
  // another; `grant_id` lets a revoked grant take all its tokens along, `expires_at` bounds every row.
  `
  CREATE TABLE oauth_model (
    model        text        NOT NULL,
    id           text        NOT NULL,
    payload      jsonb       NOT NULL,
    grant_id     text,
    user_code    text,
    uid          text,
    expires_at   timestamptz,
    PRIMARY KEY (model, id)
  );
  CREATE INDEX oauth_model_grant ON oauth_model (grant_id) WHERE grant_id IS NOT NULL;
  CREATE INDEX oauth_model_uid ON oauth_model (uid) WHERE uid IS NOT NULL;
  CREATE INDEX oauth_model_user_code ON oauth_model (user_code) WHERE user_code IS NOT NULL;
  CREATE INDEX oauth_model_expires ON oauth_model (expires_at);
  `,
  // 6: derived indexes (derived-index.ts): which version of each derived table is built. The tables
  // themselves are (re)built at start by ensureDerivedIndexes, from the stored resources.
  `
  CREATE TABLE IF NOT EXISTS derived_index (
    name     text    PRIMARY KEY,
    version  integer NOT NULL
  );
  `,
  // 7: parameters that R4 defines as the union of others (Observation combo-*) store no rows of their own
  // (search-params.ts); the flag says whether rows an earlier version wrote for them are still there.
  `
  ALTER TABLE search_param ADD COLUMN has_own_rows boolean NOT NULL DEFAULT true;
  `,
  // 8: resource contents compressed with lz4 where the server has it (PostgreSQL 14+ built with lz4; not
  // PGlite): a care-burden Observation (~2.5 kB of JSONB) is compressed several times faster than with the
  // default pglz, at about the same size. Applies to values written from now on.
  async (tx) => {
    const [setting] = await tx.query<{ enumvals: string[] | null }>(
      "SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'",
    );
    if (setting?.enumvals?.includes('lz4')) {
      await tx.query('ALTER TABLE resource ALTER COLUMN content SET COMPRESSION lz4');
      await tx.query('ALTER TABLE resource_history ALTER COLUMN content SET COMPRESSION lz4');
    }
  },
  // 9: a token's `:text` (a Coding's display, an Identifier's type.text) is a column of the row of its code
  // instead of a row of idx_token_text: one heap row and two index entries fewer per display (a care-burden
  // Observation has 14). idx_token_text's (param, text) index served `:text` only as a (param) range anyway,
  // since a word may start anywhere in the text. Rows written before keep their texts as rows without a code,
  // which every token search treats as before.
  `
  ALTER TABLE idx_token ADD COLUMN text text;
  INSERT INTO idx_token (param, rid, text) SELECT param, rid, text FROM idx_token_text;
  DROP TABLE idx_token_text;
  `,
  // 10: a deleted resource keeps the reference rows of its last version (writer.ts), by which the access
  // policy still knows whose it was. Rows of resources deleted before are restored once at start
  // (deleted-references.ts, which needs the search parameter registry); `pending_task` asks for that.
  `
  CREATE TABLE IF NOT EXISTS pending_task (name text PRIMARY KEY);
  INSERT INTO pending_task (name) SELECT 'deleted-references' WHERE EXISTS (SELECT 1 FROM resource WHERE deleted);
  `,
  // 11: the audit trail's journal (audit-journal.ts): AuditEvents are durable here before their answer leaves,
  // and are moved into resource and the index tables in batches afterwards.
  `
  CREATE TABLE audit_journal (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, content jsonb NOT NULL);
  `,
];

/**
 * Applies pending migrations; safe to call on every start and from several processes at once.
 * @param db - The database.
 * @param through - The last migration to apply (all by default; tests of a migration stop before it).
 */
export async function migrate(db: Database, through = MIGRATIONS.length): Promise<void> {
  await db.transaction(async (tx) => {
    // Transaction-scoped advisory lock: released at commit, serialises concurrent starters.
    await tx.query('SELECT pg_advisory_xact_lock(7281)');
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const applied = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(applied.map((row) => row.version));
    for (const [index, migration] of MIGRATIONS.slice(0, through).entries()) {
      const version = index + 1;
      if (done.has(version)) {
        continue;
      }
      if (typeof migration === 'function') {
        await migration(tx);
      } else {
        for (const statement of splitStatements(migration)) {
          await tx.query(statement);
        }
      }
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
    }
  });
}

/** Splits a migration into statements (our migrations have no semicolons inside literals). */
function splitStatements(sql: string): string[] {
  return sql
    .replace(/--.*$/gm, '')
    .split(';')
    .map((statement) => statement.trim())
    .filter(Boolean);
}
