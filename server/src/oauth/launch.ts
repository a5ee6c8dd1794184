// SMART launch contexts (App Launch 2.x, app-launch.html#launch-context-arrives-with-your-access_token).
// An EHR launch starts with a context the EHR creates server-side (`create`), named to the app only by an
// opaque, short-lived, single-use `launch` id. Once the user consents, the context the app gets (the EHR's,
// or the patient picked in a standalone launch) is bound to the oidc-provider Grant (`bindToGrant`): the
// token endpoint and the access-token claims read it from there, for as long as the grant lives, and a
// revoked grant takes it along (same table, same grant id).
import { randomBytes } from 'node:crypto';
import type { TargetRole } from '../access/tokens.ts';
import type { Database } from '../store/database/database.ts';
import { PostgresAdapter } from './adapter.ts';

/** What an EHR states when it launches an app. */
export interface LaunchRequest {
  /**
   * Patient id; absent for a launch in the practice's context only (the practice worklist), where the token
   * names the practice (fhirContext) and no patient.
   */
  readonly patient?: string;
  readonly encounter?: string;
  /** The EHR user the launch is for, e.g. `Practitioner/…`; the signed-in user must be that user. */
  readonly fhirUser?: string;
  /** Default true: the app runs inside our EHR simulator without a banner of its own. */
  readonly need_patient_banner?: boolean;
  readonly smart_style_url?: string;
}

/** What a consented authorization grants: the user's TARGET claims and the launch context. */
export interface GrantContext {
  readonly username: string;
  readonly role: TargetRole;
  readonly organization?: string;
  readonly fhirUser?: string;
  readonly patient?: string;
  readonly encounter?: string;
  readonly need_patient_banner: boolean;
  readonly smart_style_url?: string;
}

/** Minutes an app has to turn a `launch` id into an authorization request. */
export const LAUNCH_TTL_SECONDS = 5 * 60;

export class LaunchStore {
  private readonly launches: PostgresAdapter;
  private readonly grants: PostgresAdapter;

  constructor(db: Database) {
    this.launches = new PostgresAdapter(db, 'SmartLaunch');
    this.grants = new PostgresAdapter(db, 'SmartGrantContext');
  }

  /**
   * Stores a launch context; validate it first (see launch-route.ts).
   * @returns The opaque `launch` value to hand to the app, and its lifetime in seconds.
   */
  async create(request: LaunchRequest): Promise<{ launch: string; expires_in: number }> {
    const launch = randomBytes(24).toString('base64url');
    const context: LaunchRequest = {
      ...(request.patient ? { patient: request.patient } : {}),
      ...(request.encounter ? { encounter: request.encounter } : {}),
      ...(request.fhirUser ? { fhirUser: request.fhirUser } : {}),
      need_patient_banner: request.need_patient_banner ?? true,
      ...(request.smart_style_url ? { smart_style_url: request.smart_style_url } : {}),
    };
    await this.launches.upsert(launch, { ...context }, LAUNCH_TTL_SECONDS);
    return { launch, expires_in: LAUNCH_TTL_SECONDS };
  }

  /** The context of an unused, unexpired launch id. */
  async find(launch: string): Promise<LaunchRequest | undefined> {
    const stored = await this.launches.find(launch);
    if (!stored || stored.consumed) {
      return undefined;
    }
    const { consumed: _consumed, ...context } = stored;
    return context as unknown as LaunchRequest;
  }

  /** Marks a launch id used: one launch, one authorization. */
  async consume(launch: string): Promise<void> {
    await this.launches.consume(launch);
  }

  async bindToGrant(grantId: string, context: GrantContext, ttlSeconds: number): Promise<void> {
    await this.grants.upsert(grantId, { ...context, grantId }, ttlSeconds);
  }

  async forGrant(grantId: string | undefined): Promise<GrantContext | undefined> {
    if (!grantId) {
      return undefined;
    }
    const stored = await this.grants.find(grantId);
    if (!stored) {
      return undefined;
    }
    const { grantId: _grantId, ...context } = stored;
    return context as unknown as GrantContext;
  }
}
