// Step 4 of the launch: the SmartSession views read, built from the tab's tokens. The MedplumClient talks
// plain FHIR R4 to `iss` with the SMART token and nothing else: no stored Medplum login (so no `auth/me`
// profile fetch), no refresh through Medplum's `oauth2/token` (renewal is ours, token-refresh.ts), and the
// type schemas indexed locally (fhir-schemas.ts) so requestSchema never sends GraphQL.
import { ClientStorage, MedplumClient, MemoryStorage } from '@medplum/core';
import type { CapabilityStatement, PractitionerRole } from '@medplum/fhirtypes';
import { OperationDefinitions } from '@target/profiles';
import type { StoredTokens } from './launch-storage.ts';
import type { SmartSession, TargetCapabilities } from './session.ts';

export interface SessionDependencies {
  readonly fetch?: typeof fetch;
  /** Indexes the type schemas before any view renders (the built asset in the app; the tests pass theirs). */
  readonly loadSchemas: () => Promise<void>;
  /** Called when the server refuses the token and it cannot be renewed. */
  readonly onUnauthenticated?: () => void;
}

/** A MedplumClient whose FHIR base is `iss` and whose only credential is the access token. */
export function fhirClient(tokens: StoredTokens, deps: Pick<SessionDependencies, 'fetch' | 'onUnauthenticated'>) {
  const iss = new URL(`${tokens.iss}/`);
  const fetchImpl = deps.fetch ?? fetch;
  return new MedplumClient({
    baseUrl: iss.origin,
    fhirUrlPath: iss.pathname,
    // Passing the token makes the client skip resuming a stored Medplum login (which fetches auth/me); the
    // memory storage keeps it from reading or writing Medplum logins in localStorage shared by the origin.
    accessToken: tokens.accessToken,
    storage: new ClientStorage(new MemoryStorage()),
    // The bearer token is the only credential: MedplumClient would send cookies (credentials 'include',
    // for a Medplum server's own session), which a foreign EHR's CORS (`Access-Control-Allow-Origin: *`)
    // refuses, and its `X-Medplum: extended` header, which is no business of another server's.
    fetch: (url: string | URL | Request, init?: RequestInit) => fetchImpl(url, { ...init, credentials: 'omit' }),
    extendedMode: false,
    onUnauthenticated: deps.onUnauthenticated,
  });
}

export async function buildSession(tokens: StoredTokens, deps: SessionDependencies): Promise<SmartSession> {
  const medplum = fhirClient(tokens, deps);
  const [statement, practiceId] = await Promise.all([
    medplum.get<CapabilityStatement>(medplum.fhirUrl('metadata')),
    practiceOf(medplum, tokens),
    deps.loadSchemas(),
  ]);
  return {
    medplum,
    fhirBaseUrl: tokens.iss,
    patientId: tokens.patient,
    encounterId: tokens.encounter,
    fhirUser: tokens.fhirUser,
    practiceId,
    scope: tokens.scope,
    needPatientBanner: tokens.needPatientBanner,
    capabilities: capabilitiesOf(statement),
  };
}

/** Our operations, recognised by their canonical OperationDefinition on the resource type they act on. */
export function capabilitiesOf(statement: CapabilityStatement): TargetCapabilities {
  const offers = (type: string, definition: string) =>
    (statement.rest ?? []).some((rest) =>
      (rest.resource ?? []).some(
        (resource) => resource.type === type && (resource.operation ?? []).some((o) => o.definition === definition),
      ),
    );
  return {
    careBurden: offers('Patient', OperationDefinitions.TargetCareBurdenOperation),
    targetSelection: offers('Group', OperationDefinitions.TargetSelectionOperation),
    extract: offers('QuestionnaireResponse', OperationDefinitions.TargetExtractOperation),
  };
}

/**
 * The practice the user signed in for: the token response's fhirContext Organization (SMART 2.x, set by a
 * TARGET server), else the organization of the user's PractitionerRole (fhirUser itself, or the roles of the
 * Practitioner fhirUser names). Undefined when neither says: the views then say that they need a practice.
 */
export async function practiceOf(medplum: MedplumClient, tokens: StoredTokens): Promise<string | undefined> {
  const fromContext = tokens.fhirContext.find((reference) => reference.startsWith('Organization/'));
  if (fromContext) {
    return fromContext.slice('Organization/'.length);
  }
  const [type, id] = tokens.fhirUser?.split('/') ?? [];
  let roles: PractitionerRole[] = [];
  if (type === 'PractitionerRole' && id) {
    roles = [await medplum.readResource('PractitionerRole', id)];
  } else if (type === 'Practitioner' && id) {
    roles = await medplum.searchResources('PractitionerRole', { practitioner: `Practitioner/${id}` });
  }
  const role = roles.find((r) => r.active !== false && r.organization?.reference?.startsWith('Organization/'));
  return role?.organization?.reference?.slice('Organization/'.length);
}
