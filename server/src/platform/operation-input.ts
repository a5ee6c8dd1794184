// The input of a FHIR operation, read against its OperationDefinition (R4 operations.html#request): GET
// carries the parameters in the query string; POST in a Parameters body or a form, and may add some in the
// query string. Every value is checked against the declared type and cardinality, so a handler gets typed
// values or the client a 400 OperationOutcome that names the parameter: unknown, missing, repeated, or not
// of its type. Ground floor: knows @medplum's types and outcomes, nothing of the server above.
import { badRequest, OperationOutcomeError } from '@medplum/core';
import type {
  OperationDefinition,
  OperationDefinitionParameter,
  ParametersParameter,
  Resource,
} from '@medplum/fhirtypes';
import {
  kindOf,
  type OperationValue,
  type ProfileTypeResolver,
  textValue,
  VALUE_KINDS,
  type ValueKind,
} from './operation-values.ts';

/** What the reader needs of a request; @medplum/fhir-router's FhirRequest has it. */
export interface OperationRequest {
  readonly method: string;
  readonly query?: Record<string, string | string[] | undefined>;
  readonly body?: unknown;
}

/** How a handler reads each parameter: one string, boolean, number or resource, or every value as strings. */
export type InputShape = Readonly<Record<string, 'string' | 'boolean' | 'number' | 'resource' | 'string[]'>>;

type ReadAs<K> = K extends 'string'
  ? string
  : K extends 'boolean'
    ? boolean
    : K extends 'number'
      ? number
      : K extends 'resource'
        ? Resource
        : string[];

/** The values of the parameters in the shape; a parameter the request leaves out is undefined. */
export type OperationInput<S extends InputShape> = { -readonly [N in keyof S]?: ReadAs<S[N]> };

export interface OperationInputOptions {
  /**
   * Parameters the base specification of the operation defines but this server does not implement: refused
   * by name, rather than run as if they had not been asked for.
   */
  readonly notImplemented?: readonly string[];
  /**
   * `ignore`: leave parameters the definition does not declare unread instead of refusing them. For HL7
   * operations implemented in part, whose clients send optional parameters freely (`count`, `displayLanguage`).
   */
  readonly unknown?: 'refuse' | 'ignore';
  /** The resource type each of our profiles constrains, to check a Reference against its targetProfile. */
  readonly profileType?: ProfileTypeResolver;
}

/** General parameters of every FHIR interaction (R4 http.html#general); the HTTP layer reads them. */
const GENERAL_PARAMETERS = new Set(['_format', '_pretty']);

interface Given {
  readonly fromQuery: OperationValue[];
  readonly fromBody: OperationValue[];
}

function refuse(message: string, parameter?: string): never {
  throw new OperationOutcomeError(badRequest(message, parameter));
}

/** `valueDate` for `date`, `valueReference` for `Reference`. */
function valueKey(type: string): string {
  return `value${type.charAt(0).toUpperCase()}${type.slice(1)}`;
}

function inParameters(definition: OperationDefinition): Map<string, OperationDefinitionParameter> {
  return new Map((definition.parameter ?? []).filter((p) => p.use === 'in').map((p) => [p.name as string, p]));
}

/** A resource parameter's value: any resource (the handler checks its type). */
function resourceValue(parameter: OperationDefinitionParameter, value: unknown): Resource {
  const resourceType = (value as { resourceType?: unknown } | null)?.resourceType;
  if (typeof resourceType !== 'string' || resourceType === '') {
    refuse(`${parameter.name} must be a resource, got ${JSON.stringify(value)}`, parameter.name);
  }
  return value as Resource;
}

/** The text of a query or form value: a resource parameter has none (it comes in a Parameters body). */
function fromText(parameter: OperationDefinitionParameter, text: string, profileType?: ProfileTypeResolver) {
  if (kindOf(parameter.type) === 'resource') {
    refuse(`${parameter.name} is a resource: send it in the body`, parameter.name);
  }
  return textValue(parameter, text, profileType);
}

/** A Parameters entry's value, checked like its text form (a valueDate must be a real date too). */
function entryValue(
  code: string,
  parameter: OperationDefinitionParameter,
  entry: ParametersParameter,
  profileType: ProfileTypeResolver | undefined,
): OperationValue {
  const name = parameter.name as string;
  const type = parameter.type as string;
  const expected = kindOf(type) === 'resource' ? 'resource' : valueKey(type);
  const given = Object.keys(entry).filter((key) => key.startsWith('value') || key === 'resource' || key === 'part');
  if (given.length !== 1 || given[0] !== expected) {
    refuse(`${name} of $${code} must be given as ${expected}, got ${given.join(', ') || 'no value'}`, name);
  }
  const value = (entry as unknown as Record<string, unknown>)[expected];
  if (kindOf(type) === 'resource') {
    return resourceValue(parameter, value);
  }
  if (type === 'Reference') {
    const reference = (value as { reference?: unknown } | null)?.reference;
    if (typeof reference !== 'string') {
      refuse(`${name} must be a literal reference (valueReference.reference)`, name);
    }
    return textValue(parameter, reference, profileType);
  }
  const kind = VALUE_KINDS[type];
  if (typeof value !== kind) {
    refuse(`${name} must be given as ${expected} with a JSON ${kind}, got ${JSON.stringify(value)}`, name);
  }
  return textValue(parameter, String(value));
}

/**
 * Every name → values, from the query string and the body (a Parameters resource or a form); the values
 * of declared parameters are read as their types, those of others are left for refuseUndeclared.
 */
function given(
  code: string,
  declared: Map<string, OperationDefinitionParameter>,
  request: OperationRequest,
  profileType: ProfileTypeResolver | undefined,
): Map<string, Given> {
  const found = new Map<string, Given>();
  const add = (
    name: string,
    source: keyof Given,
    value: (parameter: OperationDefinitionParameter) => OperationValue,
  ): void => {
    const entry = found.get(name) ?? { fromQuery: [], fromBody: [] };
    found.set(name, entry);
    const parameter = declared.get(name);
    if (parameter) {
      entry[source].push(value(parameter));
    }
  };
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (!GENERAL_PARAMETERS.has(name)) {
      for (const text of [value ?? []].flat()) {
        add(name, 'fromQuery', (parameter) => fromText(parameter, text, profileType));
      }
    }
  }
  const body = request.method === 'GET' ? undefined : request.body;
  if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0)) {
    return found;
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    refuse(`$${code} takes a Parameters resource or a form as its body`);
  }
  const resourceType = (body as { resourceType?: unknown }).resourceType;
  if (resourceType === undefined) {
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      for (const text of [value].flat()) {
        add(name, 'fromBody', (parameter) => fromText(parameter, String(text), profileType));
      }
    }
    return found;
  }
  if (resourceType !== 'Parameters') {
    // R4 operations.html#request: an operation whose only in-parameter is a resource may take it as the body.
    const [only, ...more] = declared.values();
    if (only && more.length === 0 && kindOf(only.type) === 'resource') {
      add(only.name as string, 'fromBody', (parameter) => resourceValue(parameter, body));
      return found;
    }
    refuse(`$${code} takes a Parameters resource, got ${JSON.stringify(resourceType)}`);
  }
  for (const [i, entry] of ((body as { parameter?: ParametersParameter[] }).parameter ?? []).entries()) {
    if (typeof entry?.name !== 'string' || entry.name === '') {
      refuse(`Parameters.parameter[${i}] has no name`);
    }
    add(entry.name, 'fromBody', (parameter) => entryValue(code, parameter, entry, profileType));
  }
  return found;
}

function refuseUndeclared(code: string, names: string[], options: OperationInputOptions): void {
  const notImplemented = names.filter((name) => options.notImplemented?.includes(name));
  if (notImplemented.length > 0) {
    refuse(`$${code} does not support ${notImplemented.join(', ')}`, notImplemented[0]);
  }
  if (names.length > 0 && options.unknown !== 'ignore') {
    refuse(`Unknown $${code} parameter ${names.join(', ')}`, names[0]);
  }
}

/** One source per parameter: the URL and the body may both carry it only with the same values. */
function valuesOf(name: string, { fromQuery, fromBody }: Given): OperationValue[] {
  if (fromQuery.length > 0 && fromBody.length > 0 && JSON.stringify(fromQuery) !== JSON.stringify(fromBody)) {
    refuse(`${name} is given both in the URL and in the body, with different values`, name);
  }
  return fromBody.length > 0 ? fromBody : fromQuery;
}

/**
 * A reader of the operation's input in `shape`, checked against `definition` once, here: every name in the
 * shape must be an in-parameter whose type reads as the shape says (`string[]` for max `*`), else this throws
 * a plain Error, since the code and the definition disagree.
 */
export function operationInputReader<S extends InputShape>(
  definition: OperationDefinition,
  shape: S,
  options: OperationInputOptions = {},
): (request: OperationRequest) => OperationInput<S> {
  const code = definition.code as string;
  const declared = inParameters(definition);
  for (const parameter of declared.values()) {
    if (!kindOf(parameter.type)) {
      throw new Error(`$${code} parameter ${parameter.name}: type ${parameter.type ?? '(parts)'} is not supported`);
    }
  }
  for (const [name, kind] of Object.entries(shape)) {
    const parameter = declared.get(name);
    const reads: ValueKind | undefined = kindOf(parameter?.type);
    const repeats = parameter?.max !== '0' && parameter?.max !== '1';
    const fits = kind === 'string[]' ? repeats && reads === 'string' : !repeats && reads === kind;
    if (!fits) {
      throw new Error(`$${code} has no in-parameter ${name} that reads as ${kind}`);
    }
  }
  return (request) => {
    const found = given(code, declared, request, options.profileType);
    refuseUndeclared(
      code,
      [...found.keys()].filter((name) => !declared.has(name)),
      options,
    );
    const input: Record<string, OperationValue | OperationValue[]> = {};
    for (const [name, parameter] of declared) {
      const values = found.has(name) ? valuesOf(name, found.get(name) as Given) : [];
      if (values.length < (parameter.min ?? 0)) {
        refuse(`$${code} needs the parameter ${name}`, name);
      }
      if (parameter.max !== '*' && values.length > Number(parameter.max)) {
        const times = parameter.max === '1' ? 'once' : `${parameter.max} times`;
        refuse(
          parameter.max === '0'
            ? `$${code} does not support ${name}`
            : `${name} may be given ${times}, got ${values.length} values`,
          name,
        );
      }
      if (Object.hasOwn(shape, name) && values.length > 0) {
        input[name] = shape[name] === 'string[]' ? values : values[0];
      }
    }
    return input as OperationInput<S>;
  };
}

/** The operation's input in `shape` (see operationInputReader), for one request. */
export function readOperationInput<S extends InputShape>(
  definition: OperationDefinition,
  request: OperationRequest,
  shape: S,
  options?: OperationInputOptions,
): OperationInput<S> {
  return operationInputReader(definition, shape, options)(request);
}
