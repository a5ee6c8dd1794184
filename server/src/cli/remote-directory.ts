// The Directory of a running server, asked over its FHIR API: how the token command learns who a demo user
// is in FHIR while the server holds the embedded database, which admits one process (embedded-lock.ts). It
// runs the Directory's own lookups, so the answer is the one a sign-in gets; it reads with a one-minute
// system token made with the data folder's keys, and the server audits those reads like any other.
import { formatSearchQuery, type SearchRequest, type WithId } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { FhirHttpReader, matchesOf } from '@target/profiles';
import type { SigningKeys } from '../access/keys.ts';
import { issueAccessToken } from '../access/tokens.ts';
import { Directory } from '../oauth/directory.ts';
import { fromR4 } from '../programme/repository-reader.ts';
import type { PostgresRepository } from '../store/repository.ts';

/** What the Directory's lookups read. */
const LOOKUP_SCOPE = 'system/PractitionerRole.rs system/Organization.rs system/Patient.rs';
const LOOKUP_TOKEN_SECONDS = 60;

export async function remoteDirectory(options: {
  /** The server's FHIR base on its listening address, e.g. `http://127.0.0.1:8080/fhir`. */
  readonly fhirBase: string;
  readonly keys: SigningKeys;
  readonly issuer: string;
  readonly audience: string;
  readonly clientId: string;
}): Promise<Pick<Directory, 'identify'>> {
  const token = await issueAccessToken(
    options.keys,
    { sub: options.clientId, client_id: options.clientId, scope: LOOKUP_SCOPE, target_role: 'system' },
    { issuer: options.issuer, audience: options.audience, expiresIn: LOOKUP_TOKEN_SECONDS },
  );
  const reader = new FhirHttpReader({ baseUrl: options.fhirBase, token });
  const searcher = {
    async searchResources<T extends Resource>(request: SearchRequest<T>): Promise<WithId<T>[]> {
      const query: Record<string, string[]> = {};
      for (const [name, value] of new URLSearchParams(formatSearchQuery(request))) {
        query[name] = [...(query[name] ?? []), value];
      }
      const bundle = await reader.search(request.resourceType, query);
      return matchesOf(bundle, request.resourceType).map((resource) => fromR4(resource) as WithId<T>);
    },
  };
  // Directory.identify reads the store through searchResources only (over HTTP: a FHIR search); the picker's
  // lookups need the repository itself, so they are not offered here.
  return new Directory(searcher as PostgresRepository);
}
