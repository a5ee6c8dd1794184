// Readers turn a TARGET resource back into the plain input its builder takes. A resource that lacks a part
// the profile requires, or carries a code outside the profile's required ValueSet, is never half-read: the
// reader throws a TargetReadError with a stable code and the FHIRPath of the offending part.

/**
 * - `wrong-resource`: another resource type, or not the kind of resource the profile marks by its fixed
 *   code or category (e.g. a Goal that is not a life goal);
 * - `missing`: a part the profile requires is absent;
 * - `invalid`: a part is present but unusable (an unknown code, an ambiguous repetition, a reference of the
 *   wrong form).
 */
export type TargetReadErrorCode = 'wrong-resource' | 'missing' | 'invalid';

export class TargetReadError extends Error {
  readonly code: TargetReadErrorCode;
  /** FHIRPath of the part, e.g. `Observation.subject`. */
  readonly path: string;

  constructor(code: TargetReadErrorCode, path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'TargetReadError';
    this.code = code;
    this.path = path;
  }
}

/** `reader(resource)`, or undefined when the resource is not readable as the profile (TargetReadError). */
export function tryRead<R, T>(reader: (resource: R) => T, resource: R): T | undefined {
  try {
    return reader(resource);
  } catch (err) {
    if (err instanceof TargetReadError) {
      return undefined;
    }
    throw err;
  }
}

/** Throws `wrong-resource` unless `resource.resourceType` is `type`. */
export function expectResourceType(resource: { resourceType?: string } | undefined, type: string): void {
  if (resource?.resourceType !== type) {
    throw new TargetReadError('wrong-resource', type, `expected a ${type}, got ${resource?.resourceType ?? 'nothing'}`);
  }
}

/** The value, or a `missing` error at `path`. */
export function required<T>(value: T | undefined | null, path: string): T {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    throw new TargetReadError('missing', path, 'required by the profile');
  }
  return value;
}

/** The only element of `values`, undefined when there is none, an `invalid` error when there are more. */
export function atMostOne<T>(values: readonly T[], path: string): T | undefined {
  if (values.length > 1) {
    throw new TargetReadError('invalid', path, `expected at most one, found ${values.length}`);
  }
  return values[0];
}
