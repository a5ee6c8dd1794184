// Where the server's types meet the shared package's. Server code talks to @medplum/* APIs in
// @medplum/fhirtypes types; @target/profiles speaks @types/fhir R4 (DESIGN.md "Choices"). The two describe the
// same JSON, so crossing is a cast — made here and nowhere else: toR4 / fromR4 for a resource, asR4 where the
// type is only known at run time, and RepositoryReader, the package's FhirReader over the repository (the
// caller's access-scoped repository reads what the caller may read; 404 and 410 are "not there").
import { badRequest, isGone, isNotFound, OperationOutcomeError, parseSearchRequest } from '@medplum/core';
import type { Resource as MedplumResource } from '@medplum/fhirtypes';
import type { FhirReader, FhirSearchParams } from '@target/profiles';
import { parseLocalReference } from '@target/profiles';
import type { Bundle, FhirResource, Resource } from 'fhir/r4.js';
import type { PostgresRepository } from '../store/repository.ts';

/** The @types/fhir type of a resource type. */
export type R4Of<T extends { resourceType: string }> = Extract<FhirResource, { resourceType: T['resourceType'] }>;
/** The @medplum/fhirtypes type of a resource type. */
export type MedplumOf<T extends { resourceType: string }> = Extract<
  MedplumResource,
  { resourceType: T['resourceType'] }
>;

/** A server resource as the package takes it. */
export function toR4<T extends MedplumResource>(resource: T): R4Of<T> {
  return resource as unknown as R4Of<T>;
}

/** A resource the package built, as the server's repository takes it. */
export function fromR4<T extends FhirResource>(resource: T): MedplumOf<T> {
  return resource as unknown as MedplumOf<T>;
}

/** A server resource whose type is known only at run time (e.g. a derived index's input), checked. */
export function asR4<K extends FhirResource['resourceType']>(
  resourceType: K,
  resource: MedplumResource,
): Extract<FhirResource, { resourceType: K }> {
  if (resource.resourceType !== resourceType) {
    throw new Error(`expected a ${resourceType}, got a ${resource.resourceType}`);
  }
  return resource as unknown as Extract<FhirResource, { resourceType: K }>;
}

function searchQuery(params: FhirSearchParams): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, [value].flat()]));
}

/** The package's FhirReader over the repository. */
export class RepositoryReader implements FhirReader {
  readonly repo: PostgresRepository;

  constructor(repo: PostgresRepository) {
    this.repo = repo;
  }

  async read<T extends Resource = FhirResource>(reference: string): Promise<T | undefined> {
    const target = parseLocalReference(reference);
    if (!target) {
      throw new OperationOutcomeError(badRequest(`${reference} is not a reference to read (Type/id[/_history/vid])`));
    }
    try {
      const { resourceType, id, version } = target;
      const found = version
        ? await this.repo.readVersion(resourceType, id, version)
        : await this.repo.readResource(resourceType, id);
      return found as unknown as T;
    } catch (err) {
      if (err instanceof OperationOutcomeError && (isNotFound(err.outcome) || isGone(err.outcome))) {
        return undefined;
      }
      throw err;
    }
  }

  async search<T extends Resource = FhirResource>(resourceType: string, params: FhirSearchParams): Promise<Bundle<T>> {
    return (await this.repo.search(parseSearchRequest(resourceType, searchQuery(params)))) as unknown as Bundle<T>;
  }

  /** A paging link this repository wrote (`{base}/{type}?…`): the same search, at that page. */
  async page<T extends Resource = FhirResource>(url: string): Promise<Bundle<T>> {
    return (await this.repo.search(parseSearchRequest(url))) as unknown as Bundle<T>;
  }
}
