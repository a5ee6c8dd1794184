// Operation input from the query string (GET) or a Parameters / form body (POST): name → first value.
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
        parameter.valueUrl;
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
