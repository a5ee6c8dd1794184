// On start, the TARGET package's conformance resources (StructureDefinitions, CodeSystems, ValueSets,
// ConceptMap, Questionnaire, the OperationDefinitions of our operations) are stored as FHIR resources, so
// clients find them by search (`StructureDefinition?url=…`) and read them by id
// (`OperationDefinition/Patient-care-burden`). Only what changed since the last start is written.
import { isGone, isNotFound, OperationOutcomeError } from '@medplum/core';
import type { Resource, StructureDefinition } from '@medplum/fhirtypes';
import { readTargetDefinitions } from '@target/profiles/node';
import type { Logger } from '../platform/logger.ts';
import type { PostgresRepository } from '../store/repository.ts';

/** JSON with sorted keys, so stored (JSONB-ordered) and packaged copies compare equal. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function withoutServerMeta(resource: Resource): unknown {
  const { meta, ...rest } = resource;
  const { versionId: _v, lastUpdated: _l, ...clientMeta } = meta ?? {};
  return Object.keys(clientMeta).length ? { ...rest, meta: clientMeta } : rest;
}

async function readIfExists(repo: PostgresRepository, type: string, id: string): Promise<Resource | undefined> {
  try {
    return await repo.readResource(type, id);
  } catch (err) {
    if (err instanceof OperationOutcomeError && (isNotFound(err.outcome) || isGone(err.outcome))) {
      return undefined;
    }
    throw err;
  }
}

/**
 * Stores the package's definitions and returns our profiles by the resource type they constrain
 * (for CapabilityStatement.rest.resource.supportedProfile).
 */
export async function installConformanceResources(
  repo: PostgresRepository,
  logger: Logger,
): Promise<Map<string, string[]>> {
  const definitions = readTargetDefinitions() as unknown as Resource[];
  let written = 0;
  for (const definition of definitions) {
    if (!definition.id) {
      continue;
    }
    const existing = await readIfExists(repo, definition.resourceType, definition.id);
    if (!existing || canonicalJson(withoutServerMeta(existing)) !== canonicalJson(withoutServerMeta(definition))) {
      await repo.updateResource(definition);
      written++;
    }
  }
  logger.info({ definitions: definitions.length, written }, 'TARGET conformance resources installed');
  const profiles = new Map<string, string[]>();
  for (const definition of definitions) {
    const sd = definition as StructureDefinition;
    if (sd.resourceType === 'StructureDefinition' && sd.kind === 'resource' && sd.derivation === 'constraint') {
      profiles.set(sd.type, [...(profiles.get(sd.type) ?? []), sd.url]);
    }
  }
  return profiles;
}
