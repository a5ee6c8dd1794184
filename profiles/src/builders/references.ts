// References as the conversation record writes and compares them. A reference may be relative
// (`Patient/1`), absolute (`https://…/fhir/Patient/1`) or version-specific (`…/_history/2`): rules that
// ask "the same patient?" compare the logical `Type/id`, as invariant target-plan-1 does; the reason of a
// conversation names the exact version of the care burden result (target-enc-2).
import type { Reference } from 'fhir/r4.js';
import { TargetReadError } from './read-error.ts';

/** The logical target of a literal reference: its resource type, id and (when version-specific) version. */
export interface LogicalReference {
  resourceType: string;
  id: string;
  version?: string;
}

/** `[base/]Type/id[/_history/vid]` with R4 ids (R4 references.html#literal, datatypes.html#id). */
const LITERAL_REFERENCE =
  /(?:^|\/)([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/([A-Za-z0-9\-.]{1,64}))?$/;

/** The logical target of a relative, absolute or version-specific reference; undefined for any other form. */
export function logicalReference(reference: string | undefined): LogicalReference | undefined {
  const match = reference === undefined ? null : LITERAL_REFERENCE.exec(reference);
  if (!match) {
    return undefined;
  }
  return { resourceType: match[1], id: match[2], ...(match[3] ? { version: match[3] } : {}) };
}

/** Whether both references name the same resource (`Type/id`), whatever their form; false when either is not literal. */
export function sameResource(a: Reference | undefined, b: Reference | undefined): boolean {
  const [left, right] = [logicalReference(a?.reference), logicalReference(b?.reference)];
  return !!left && !!right && left.resourceType === right.resourceType && left.id === right.id;
}

/** `Type/id/_history/vid` of a stored resource: the reference that keeps naming this version. */
export function versionSpecificReference(resource: {
  resourceType: string;
  id?: string;
  meta?: { versionId?: string };
}): Reference {
  if (!resource.id || !resource.meta?.versionId) {
    throw new TargetReadError(
      'missing',
      `${resource.resourceType}.meta.versionId`,
      'a version-specific reference needs a stored resource (id and meta.versionId)',
    );
  }
  return { reference: `${resource.resourceType}/${resource.id}/_history/${resource.meta.versionId}` };
}

/** Whether the reference names a resource of this type (relative or absolute, any version). */
export function refersTo(reference: Reference | undefined, resourceType: string): boolean {
  return logicalReference(reference?.reference)?.resourceType === resourceType;
}
