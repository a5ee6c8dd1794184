// oidc-provider's storage contract on our database (table `oauth_model`, migration 5): one row per model
// instance, so authorization codes, refresh tokens, grants and sessions survive restarts and are shared by
// every server process on one PostgreSQL. Expired rows are invisible to `find` and removed by `sweep`.
import { type Adapter, type AdapterPayload, errors } from 'oidc-provider';
import type { Database } from '../store/database/database.ts';

interface Row {
  payload: AdapterPayload;
}

/** The one model whose inserts must be atomic: a client assertion's jti may be used once (RFC 7523 §3). */
const REPLAY_MODEL = 'ReplayDetection';

export class PostgresAdapter implements Adapter {
  private readonly db: Database;
  private readonly model: string;

  constructor(db: Database, model: string) {
    this.db = db;
    this.model = model;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const expires = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
    const values = [
      this.model,
      id,
      JSON.stringify(payload),
      payload.grantId ?? null,
      payload.userCode ?? null,
      payload.uid ?? null,
      expires,
    ];
    if (this.model === REPLAY_MODEL) {
      // oidc-provider looks the jti up before saving it; two requests racing with one assertion both pass
      // that look-up, so the insert itself must refuse the second. An expired row may be replaced.
      const inserted = await this.db.query(
        `INSERT INTO oauth_model (model, id, payload, grant_id, user_code, uid, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, expires_at = EXCLUDED.expires_at
         WHERE oauth_model.expires_at <= now()
         RETURNING id`,
        values,
      );
      if (inserted.length === 0) {
        throw new errors.InvalidClientAuth('client assertion tokens must only be used once');
      }
      return;
    }
    await this.db.query(
      `INSERT INTO oauth_model (model, id, payload, grant_id, user_code, uid, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
         user_code = EXCLUDED.user_code, uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
      values,
    );
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('id = $2', id);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('user_code = $2', userCode);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('uid = $2', uid);
  }

  async consume(id: string): Promise<void> {
    // `consumed` inside the payload is what oidc-provider reads back (a reused code is detected by it).
    await this.db.query(
      `UPDATE oauth_model SET payload = payload || jsonb_build_object('consumed', floor(extract(epoch FROM now()))::bigint)
       WHERE model = $1 AND id = $2`,
      [this.model, id],
    );
  }

  async destroy(id: string): Promise<void> {
    await this.db.query('DELETE FROM oauth_model WHERE model = $1 AND id = $2', [this.model, id]);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    // Every model of the grant at once: codes, refresh tokens and our launch context of it.
    await this.db.query('DELETE FROM oauth_model WHERE grant_id = $1', [grantId]);
  }

  private async findWhere(condition: string, value: string): Promise<AdapterPayload | undefined> {
    const rows = await this.db.query<Row>(
      `SELECT payload FROM oauth_model
       WHERE model = $1 AND ${condition} AND (expires_at IS NULL OR expires_at > now())`,
      [this.model, value],
    );
    return rows[0]?.payload;
  }
}

/** Deletes expired rows; run now and then so the table holds only live state. */
export async function sweepExpired(db: Database): Promise<number> {
  const rows = await db.query('DELETE FROM oauth_model WHERE expires_at <= now() RETURNING 1');
  return rows.length;
}
