// The value of one operation parameter from its text (query string, form, or a Parameters entry's value),
// checked against the parameter's FHIR type (R4 datatypes.html: the regular expressions of the primitive
// types, the ranges of the integers, and dates that exist).
import { badRequest, OperationOutcomeError } from '@medplum/core';
import type { OperationDefinitionParameter, Resource } from '@medplum/fhirtypes';

export type OperationValue = string | number | boolean | Resource;
export type ValueKind = 'string' | 'number' | 'boolean' | 'resource';

/** The types an in-parameter may have here, and the JavaScript kind each reads as. */
export const VALUE_KINDS: Readonly<Record<string, ValueKind>> = {
  boolean: 'boolean',
  integer: 'number',
  positiveInt: 'number',
  unsignedInt: 'number',
  decimal: 'number',
  string: 'string',
  markdown: 'string',
  code: 'string',
  id: 'string',
  uri: 'string',
  url: 'string',
  canonical: 'string',
  oid: 'string',
  uuid: 'string',
  date: 'string',
  dateTime: 'string',
  instant: 'string',
  time: 'string',
  Reference: 'string',
};

/**
 * Dates outside these years are mistakes, not requests, and near year 1 they break the arithmetic below
 * them: the practice's midnight of 0001-01-01 (Europe/Amsterdam, ahead of UTC) lies in year 0, which PGlite
 * refuses as out of range (the selection answered 500) and the date search parameters as malformed.
 */
export const MIN_DATE_YEAR = 1900;
export const MAX_DATE_YEAR = 2200;

const INT32 = { min: -2_147_483_648, max: 2_147_483_647 };

/** Regular expression and what a value must be, per type (R4 datatypes.html#primitive). */
const FORMATS: Readonly<Record<string, readonly [RegExp, string]>> = {
  boolean: [/^(true|false)$/, 'true or false'],
  integer: [/^(0|[-+]?[1-9][0-9]*)$/, 'an integer'],
  positiveInt: [/^\+?[1-9][0-9]*$/, 'a positive integer'],
  unsignedInt: [/^(0|[1-9][0-9]*)$/, 'an integer of 0 or more'],
  decimal: [/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/, 'a decimal number'],
  string: [/\S/, 'a non-blank string'],
  markdown: [/\S/, 'a non-blank string'],
  code: [/^[^\s]+( [^\s]+)*$/, 'a code (no leading, trailing or double spaces)'],
  id: [/^[A-Za-z0-9\-.]{1,64}$/, 'an id (1–64 letters, digits, - and .)'],
  uri: [/^\S+$/, 'a URI without spaces'],
  url: [/^\S+$/, 'a URL without spaces'],
  canonical: [/^\S+$/, 'a canonical URL without spaces'],
  oid: [/^urn:oid:[0-2](\.(0|[1-9][0-9]*))+$/, 'an OID (urn:oid:…)'],
  uuid: [/^urn:uuid:[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/, 'a UUID (urn:uuid:…)'],
  date: [/^\d{4}-\d{2}-\d{2}$/, 'a date (YYYY-MM-DD)'],
  dateTime: [
    /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}))?)?)?$/,
    'a dateTime such as 2025-01-31 or 2025-01-31T12:00:00+01:00',
  ],
  instant: [
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/,
    'an instant such as 2025-01-31T12:00:00Z',
  ],
  time: [/^\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/, 'a time (hh:mm:ss)'],
  // A relative literal reference (R4 references.html#literal), optionally versioned: an operation's input
  // refers to resources on this server.
  Reference: [
    /^[A-Z][A-Za-z]{1,63}\/[A-Za-z0-9\-.]{1,64}(\/_history\/[A-Za-z0-9\-.]{1,64})?$/,
    'a reference such as Organization/123',
  ],
};

function refuse(message: string, parameter: string): never {
  throw new OperationOutcomeError(badRequest(message, parameter));
}

/** Whether year-month-day (the parts given) is a day of the calendar: Date.UTC rolls 2025-02-30 over to March. */
function existsInCalendar(text: string): boolean {
  const [year, month = 1, day = 1] = text.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Hours, minutes, seconds and time-zone offset within their ranges (R4 datatypes.html#time, #dateTime). */
function clockExists(text: string): boolean {
  const clock = /(?:^|T)(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))?$/.exec(text);
  if (!clock) {
    return true;
  }
  const [hours, minutes, seconds, zoneHours, zoneMinutes] = clock.slice(1).map((part) => Number(part ?? 0));
  const zone = zoneHours * 60 + zoneMinutes;
  return hours <= 23 && minutes <= 59 && seconds <= 60 && zoneMinutes <= 59 && zone <= 14 * 60;
}

/**
 * How a parameter of `type` reads: VALUE_KINDS, or `resource` for type Resource (the handler checks which
 * resource it got, as SDC's and HL7's operations declare their resource parameters this way).
 */
export function kindOf(type: string | undefined): ValueKind | undefined {
  if (type === 'Resource') {
    return 'resource';
  }
  return type ? VALUE_KINDS[type] : undefined;
}

/** The type of resource a (relative) reference points to. */
function referenceType(reference: string): string {
  return reference.slice(0, reference.indexOf('/'));
}

/** The resource types a Reference parameter may point to, by its targetProfile; undefined: any. */
export type ProfileTypeResolver = (profile: string) => string | undefined;

const CORE_PROFILE = /^http:\/\/hl7\.org\/fhir\/StructureDefinition\/([A-Z][A-Za-z]+)$/;

/**
 * The parameter's value from `text`, or a 400 naming the parameter: the type's format, a date that exists
 * within MIN_DATE_YEAR–MAX_DATE_YEAR, an integer within its range, a reference to a type its targetProfile
 * allows (`profileType` says which type a profile constrains; HL7's core profiles are known here).
 */
export function textValue(
  parameter: OperationDefinitionParameter,
  text: string,
  profileType: ProfileTypeResolver = () => undefined,
): OperationValue {
  const name = parameter.name as string;
  const type = parameter.type as string;
  const [pattern, what] = FORMATS[type];
  if (!pattern.test(text)) {
    refuse(`${name} must be ${what}, got "${text}"`, name);
  }
  switch (type) {
    case 'boolean':
      return text === 'true';
    case 'integer':
    case 'positiveInt':
    case 'unsignedInt': {
      const value = Number(text);
      if (value < (type === 'integer' ? INT32.min : 0) || value > INT32.max) {
        refuse(
          `${name} must be ${what} from ${type === 'integer' ? INT32.min : 0} to ${INT32.max}, got "${text}"`,
          name,
        );
      }
      return value;
    }
    case 'decimal': {
      const value = Number(text);
      if (!Number.isFinite(value)) {
        refuse(`${name} must be ${what}, got "${text}"`, name);
      }
      return value;
    }
    case 'date':
    case 'dateTime':
    case 'instant': {
      if (!existsInCalendar(text) || !clockExists(text)) {
        refuse(`${name} must be ${what}, got "${text}"`, name);
      }
      const year = Number(text.slice(0, 4));
      if (year < MIN_DATE_YEAR || year > MAX_DATE_YEAR) {
        const kind = type === 'instant' ? 'an instant' : `a ${type}`;
        refuse(`${name} must be ${kind} from ${MIN_DATE_YEAR} to ${MAX_DATE_YEAR}, got "${text}"`, name);
      }
      return text;
    }
    case 'time':
      if (!clockExists(text)) {
        refuse(`${name} must be ${what}, got "${text}"`, name);
      }
      return text;
    case 'Reference': {
      const allowed = (parameter.targetProfile ?? []).map((p) => CORE_PROFILE.exec(p)?.[1] ?? profileType(p));
      if (allowed.length > 0 && allowed.every((t) => t !== undefined) && !allowed.includes(referenceType(text))) {
        const types = allowed.map((t) => `${/^[AEIOU]/.test(t as string) ? 'an' : 'a'} ${t}`);
        refuse(`${name} must reference ${types.join(' or ')}, got "${text}"`, name);
      }
      return text;
    }
    default:
      return text;
  }
}
