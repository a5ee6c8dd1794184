// oidc-provider ships no type declarations (and @types/oidc-provider lags the major versions): these are the
// parts of its v9 API this folder uses, typed from its documentation. Configuration stays an open record:
// oidc-provider validates it at construction.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type AdapterPayload = Record<string, unknown> & {
    grantId?: string;
    userCode?: string;
    uid?: string;
    consumed?: number;
  };

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface ClientInstance {
    readonly clientId: string;
    readonly clientAuthMethod: string;
    readonly redirectUris: string[];
    readonly scope?: string;
    readonly clientName?: string;
    readonly [metadata: string]: unknown;
  }

  /** The parts of a token model (AccessToken, ClientCredentials, RefreshToken, …) read here. */
  export interface TokenInstance {
    readonly kind: string;
    readonly jti: string;
    readonly clientId: string;
    readonly accountId?: string;
    readonly grantId?: string;
    readonly scope?: string;
  }

  export interface GrantInstance {
    readonly jti: string;
    accountId: string;
    clientId: string;
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    rejectOIDCScope(scope: string): void;
    rejectResourceScope(resource: string, scope: string): void;
    getOIDCScope(): string;
    save(): Promise<string>;
  }

  export interface InteractionDetails {
    readonly uid: string;
    readonly prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    readonly params: Record<string, string | undefined>;
    readonly session?: { accountId?: string };
    readonly grantId?: string;
    readonly lastSubmission?: Record<string, unknown>;
  }

  export interface OidcContext {
    readonly route?: string;
    readonly params?: Record<string, unknown>;
    readonly client?: ClientInstance;
    readonly entities: Record<string, unknown>;
    readonly requestParamScopes: Set<string>;
    readonly result?: { consent?: { grantId?: string }; login?: { accountId?: string } };
    /** `amr`: how the session's user signed in, as the login result said. */
    readonly session?: { accountId?: string; amr?: string[] };
    readonly provider: Provider;
  }

  /** oidc-provider's Koa context, as its configuration functions receive it. */
  export interface KoaContextWithOIDC {
    oidc: OidcContext;
    status: number;
    body: unknown;
    ip: string;
    method: string;
    path: string;
    set(name: string, value: string): void;
    /** Koa's response: `get` reads a response header ('' when absent). */
    readonly response: { get(name: string): string };
    remove(name: string): void;
    type: string;
    query: Record<string, string | string[] | undefined>;
    /** Koa's: reads a request header ('' when absent). */
    get(name: string): string;
  }

  /** One reason for a prompt: its check answers true (REQUEST_PROMPT) when the prompt is needed. */
  export namespace interactionPolicy {
    class Check {
      constructor(reason: string, description: string, check: (ctx: KoaContextWithOIDC) => boolean | Promise<boolean>);
      static readonly REQUEST_PROMPT: true;
      static readonly NO_NEED_TO_PROMPT: false;
    }
    interface Prompt {
      readonly name: string;
      readonly checks: { add(check: Check, index?: number): void };
    }
    interface Policy extends Array<Prompt> {
      get(name: string): Prompt | undefined;
    }
    /** The default policy: login, then consent. */
    function base(): Policy;
  }

  export type Middleware = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>;

  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    readonly issuer: string;
    /** Koa's: trust X-Forwarded-* headers. */
    proxy: boolean;
    /** Koa's prototype of every request object (`host`, `protocol`, … getters). */
    readonly request: object;
    readonly Grant: {
      new (input: { accountId: string; clientId: string }): GrantInstance;
      find(id: string): Promise<GrantInstance | undefined>;
    };
    readonly Client: { find(id: string): Promise<ClientInstance | undefined> };
    readonly RefreshToken: { find(value: string): Promise<TokenInstance | undefined> };
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: Middleware): this;
    urlFor(route: string): string;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  class OIDCProviderError extends Error {
    constructor(description?: string);
    readonly error: string;
    readonly error_description?: string;
    status: number;
  }

  export namespace errors {
    class InvalidRequest extends OIDCProviderError {}
    class InvalidClientAuth extends OIDCProviderError {}
    class InvalidScope extends OIDCProviderError {
      constructor(description: string, scope?: string);
    }
    class InvalidTarget extends OIDCProviderError {}
    class AccessDenied extends OIDCProviderError {}
  }

  export default Provider;
}
