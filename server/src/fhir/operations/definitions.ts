// The OperationDefinitions of our own operations come from the TARGET package (profiles/input/fsh/operations),
// the same resources the server stores as conformance resources and the apps read: one definition, which
// the routes, the CapabilityStatement and the input reader (platform/operation-input.ts) all use.
import type { OperationDefinition } from '@medplum/fhirtypes';
import { readTargetDefinitions } from '@target/profiles/node';

interface PackageIndex {
  readonly operations: ReadonlyMap<string, OperationDefinition>;
  /** Our profiles' canonical URLs → the resource type each constrains. */
  readonly profileTypes: ReadonlyMap<string, string>;
}

let index: PackageIndex | undefined;

function packageIndex(): PackageIndex {
  if (!index) {
    const definitions = readTargetDefinitions();
    index = {
      operations: new Map(
        definitions
          .filter((d) => d.resourceType === 'OperationDefinition')
          .map((d) => [d.url as string, d as unknown as OperationDefinition]),
      ),
      profileTypes: new Map(
        definitions
          .filter((d) => d.resourceType === 'StructureDefinition')
          .map((d) => [d.url as string, d.type as string]),
      ),
    };
  }
  return index;
}

/** The package's OperationDefinition with this canonical URL (OperationDefinitions in @target/profiles). */
export function packageOperation(url: string): OperationDefinition {
  const definition = packageIndex().operations.get(url);
  if (!definition) {
    throw new Error(`The TARGET package has no OperationDefinition ${url}: run npm run profiles`);
  }
  return definition;
}

/** The resource type one of our profiles constrains (for a Reference parameter's targetProfile). */
export function profileType(url: string): string | undefined {
  return packageIndex().profileTypes.get(url);
}
