// Operation input from the query string (GET) or a Parameters / form body (POST): name → first value.
import { badRequest, OperationOutcomeError } from '@medplum/core';
import type { FhirRequest } from '@medplum/fhir-router';
import type { Parameters } from '@medplum/fhirtypes';

export function operationParameters(req: FhirRequest): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.query ?? {})) {
    values[name] = Array.isArray(value) ? value[0] : value;
  }
  const body = req.body as Parameters | Record<string, string> | undefined;
  if (body && (body as Parameters).resourceType === 'Parameters') {
    for (const parameter of (body as Parameters).parameter ?? []) {
      const value =
        parameter.valueUri ??
        parameter.valueString ??
        parameter.valueCode ??
        parameter.valueCanonical ??
        parameter.valueUrl ??
        parameter.valueDate ??
        parameter.valueId ??
        (parameter.valueBoolean === undefined ? undefined : String(parameter.valueBoolean)) ??
        parameter.valueReference?.reference;
      if (value !== undefined && values[parameter.name] === undefined) {
        values[parameter.name] = value;
      }
    }
  } else if (body && typeof body === 'object' && !('resourceType' in body)) {
    for (const [name, value] of Object.entries(body)) {
      values[name] ??= typeof value === 'string' ? value : undefined;
    }
  }
  return values;
}

/** A boolean operation parameter: absent → the default; anything but true/false → 400. */
export function booleanParameter(value: string | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined) {
    return fallback;
  }
  if (value !== 'true' && value !== 'false') {
    throw new OperationOutcomeError(badRequest(`${name} must be true or false`, name));
  }
  return value === 'true';
}

/**
 * Reference dates outside these years are mistakes, not requests, and near year 1 they break the arithmetic
 * below them: the practice's midnight of 0001-01-01 (Europe/Amsterdam, ahead of UTC) lies in year 0, which PGlite
 * refuses as out of range (the selection answered 500) and the date search parameters as malformed.
 */
export const MIN_DATE_YEAR = 1900;
export const MAX_DATE_YEAR = 2200;

/** A date parameter (YYYY-MM-DD, years 1900–2200): absent → the default; anything else → 400. */
export function dateParameter(value: string | undefined, name: string, fallback: string): string {
  if (value === undefined) {
    return fallback;
  }
  // Date.parse rolls 2025-02-30 over to 2 March: only a date that reads back the same exists.
  const parsed = Date.parse(`${value}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(parsed) ||
    new Date(parsed).toISOString().slice(0, 10) !== value
  ) {
    throw new OperationOutcomeError(badRequest(`${name} must be a date (YYYY-MM-DD), got "${value}"`, name));
  }
  const year = Number(value.slice(0, 4));
  if (year < MIN_DATE_YEAR || year > MAX_DATE_YEAR) {
    throw new OperationOutcomeError(
      badRequest(`${name} must be a date from ${MIN_DATE_YEAR} to ${MAX_DATE_YEAR}, got "${value}"`, name),
    );
  }
  return value;
}
