// The definition-driven operation input reader: typed values from the query string, a Parameters body or a
// form, and a 400 OperationOutcome naming the parameter for every input the definition does not allow.
import { getStatus, OperationOutcomeError } from '@medplum/core';
import type { OperationDefinition, OperationDefinitionParameter } from '@medplum/fhirtypes';
import { OperationDefinitions, Profiles } from '@target/profiles';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { packageOperation, profileType } from '../../../server/src/fhir/operations/definitions.ts';
import {
  type OperationRequest,
  operationInputReader,
  readOperationInput,
} from '../../../server/src/platform/operation-input.ts';
import { kindOf, MAX_DATE_YEAR, MIN_DATE_YEAR } from '../../../server/src/platform/operation-values.ts';

function inParameter(
  name: string,
  type: string,
  more: Partial<OperationDefinitionParameter> = {},
): OperationDefinitionParameter {
  return { name, use: 'in', min: 0, max: '1', type: type as OperationDefinitionParameter['type'], ...more };
}

const definition: OperationDefinition = {
  resourceType: 'OperationDefinition',
  name: 'Example',
  status: 'draft',
  kind: 'operation',
  code: 'example',
  system: true,
  type: false,
  instance: false,
  parameter: [
    inParameter('date', 'date'),
    inParameter('moment', 'dateTime'),
    inParameter('since', 'instant'),
    inParameter('flag', 'boolean'),
    inParameter('count', 'integer'),
    inParameter('page', 'positiveInt'),
    inParameter('offset', 'unsignedInt'),
    inParameter('weight', 'decimal'),
    inParameter('text', 'string'),
    inParameter('kind', 'code', { min: 1 }),
    inParameter('key', 'id'),
    inParameter('source', 'uri'),
    inParameter('profile', 'canonical'),
    inParameter('organization', 'Reference', {
      targetProfile: ['http://hl7.org/fhir/StructureDefinition/Organization'],
    }),
    inParameter('settings', 'Reference', { targetProfile: [Profiles.TargetPracticeSettings] }),
    inParameter('anything', 'Reference'),
    inParameter('tag', 'string', { max: '*' }),
    { name: 'result', use: 'out', min: 1, max: '1', type: 'Parameters' },
  ],
};

const SHAPE = {
  date: 'string',
  moment: 'string',
  since: 'string',
  flag: 'boolean',
  count: 'number',
  page: 'number',
  offset: 'number',
  weight: 'number',
  text: 'string',
  kind: 'string',
  key: 'string',
  source: 'string',
  profile: 'string',
  organization: 'string',
  settings: 'string',
  anything: 'string',
  tag: 'string[]',
} as const;

const read = operationInputReader(definition, SHAPE, { profileType });

const get = (query: Record<string, string | string[]>): OperationRequest => ({ method: 'GET', query, body: {} });
const post = (body: unknown, query: Record<string, string | string[]> = {}): OperationRequest => ({
  method: 'POST',
  query,
  body,
});
const parameters = (...parameter: Record<string, unknown>[]) => ({ resourceType: 'Parameters', parameter });

/** The status, text and expression of the OperationOutcomeError `run` throws. */
function refusal(run: () => unknown): { status: number; text?: string; expression?: string[] } {
  try {
    run();
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) {
      throw err;
    }
    const issue = err.outcome.issue?.[0];
    return { status: getStatus(err.outcome), text: issue?.details?.text, expression: issue?.expression };
  }
  throw new Error('expected a refusal');
}

describe('typed values', () => {
  test('reads every type from the query string of a GET', () => {
    const query = {
      date: '2025-03-01',
      moment: '2025-03-01T10:00:00+01:00',
      since: '2025-01-31T12:00:00.123Z',
      flag: 'false',
      count: '-12',
      page: '3',
      offset: '0',
      weight: '2.50',
      text: 'koorts en hoest',
      kind: 'a b',
      key: 'abc-1.2',
      source: 'http://example.org/x?y=z',
      profile: 'http://example.org/StructureDefinition/p|1.0',
      organization: 'Organization/org-1',
      settings: 'Basic/s1/_history/2',
      anything: 'Patient/p1',
      tag: ['one', 'two'],
    };
    // Strings (dates and references too) as given; booleans and numbers as such.
    const typed = { flag: false, count: -12, page: 3, offset: 0, weight: 2.5 };
    expect(read(get(query))).toEqual({ ...query, ...typed });
  });

  test('reads a Parameters body by each parameter’s value[x], repeated entries in order', () => {
    const input = read(
      post(
        parameters(
          { name: 'kind', valueCode: 'x' },
          { name: 'date', valueDate: '2024-02-29' },
          { name: 'flag', valueBoolean: true },
          { name: 'count', valueInteger: 7 },
          { name: 'weight', valueDecimal: 0.25 },
          { name: 'organization', valueReference: { reference: 'Organization/o', display: 'Praktijk' } },
          { name: 'tag', valueString: 'a' },
          { name: 'tag', valueString: 'b' },
        ),
      ),
    );
    expect(input).toEqual({
      kind: 'x',
      date: '2024-02-29',
      flag: true,
      count: 7,
      weight: 0.25,
      organization: 'Organization/o',
      tag: ['a', 'b'],
    });
  });

  test('reads a form body (application/x-www-form-urlencoded) like a query string', () => {
    expect(read(post({ kind: 'x', flag: 'true', tag: ['a', 'b'] }))).toEqual({
      kind: 'x',
      flag: true,
      tag: ['a', 'b'],
    });
  });

  test('a parameter in both the URL and the body is read once when the values agree', () => {
    const input = read(post(parameters({ name: 'date', valueDate: '2025-01-01' }), { date: '2025-01-01', kind: 'x' }));
    expect(input).toEqual({ date: '2025-01-01', kind: 'x' });
  });

  test('leaves out absent parameters and the general parameters _format and _pretty', () => {
    expect(read(get({ kind: 'x', _format: 'json', _pretty: 'true' }))).toEqual({ kind: 'x' });
  });

  test('returns only the parameters of the shape', () => {
    const input = readOperationInput(definition, get({ kind: 'x', flag: 'true' }), { flag: 'boolean' });
    expect(input).toEqual({ flag: true });
  });

  test('ignores the body of a GET', () => {
    expect(read({ method: 'GET', query: { kind: 'x' }, body: { flag: 'nonsense' } })).toEqual({ kind: 'x' });
  });
});

describe('refusals: 400 naming the parameter', () => {
  const refused = (request: OperationRequest, text: string | RegExp, expression: string) =>
    expect(refusal(() => read(request))).toEqual({
      status: 400,
      text: typeof text === 'string' ? text : expect.stringMatching(text),
      expression: [expression],
    });

  test.each([
    ['an unknown parameter', get({ kind: 'x', colour: 'red' }), 'Unknown $example parameter colour', 'colour'],
    ['an out parameter given as input', get({ kind: 'x', result: 'y' }), 'Unknown $example parameter result', 'result'],
    ['a missing required parameter', get({}), '$example needs the parameter kind', 'kind'],
    [
      'a repeated parameter of max 1',
      get({ kind: 'x', date: ['2025-01-01', '2025-01-02'] }),
      'date may be given once, got 2 values',
      'date',
    ],
    [
      'different values in the URL and the body',
      post(parameters({ name: 'kind', valueCode: 'x' }), { kind: 'y' }),
      'kind is given both in the URL and in the body, with different values',
      'kind',
    ],
  ] as [string, OperationRequest, string | RegExp, string][])('%s', (_name, request, text, expression) => {
    refused(request, text, expression);
  });

  // In the URL (a form is read the same way): the value's text against the parameter's type.
  test.each([
    ['date', '01-07-2025', 'date must be a date (YYYY-MM-DD), got "01-07-2025"'],
    ['date', '2025-02-29', 'date must be a date (YYYY-MM-DD), got "2025-02-29"'],
    ['date', '1899-12-31', 'date must be a date from 1900 to 2200, got "1899-12-31"'],
    ['date', '2201-01-01', 'date must be a date from 1900 to 2200, got "2201-01-01"'],
    ['date', '', 'date must be a date (YYYY-MM-DD), got ""'],
    ['moment', '2025-01-01T24:00:00Z', /^moment must be a dateTime such as/],
    ['moment', '2025-01-01T10:00:00', /^moment must be a dateTime such as/],
    ['since', '2024-01-01', /^since must be an instant such as 2025-01-31T12:00:00Z/],
    ['since', '2024-01-01T00:00:00+15:00', /^since must be an instant such as/],
    ['flag', 'yes', 'flag must be true or false, got "yes"'],
    ['count', '1.5', 'count must be an integer, got "1.5"'],
    ['count', '2147483648', /^count must be an integer from -2147483648 to 2147483647/],
    ['page', '0', 'page must be a positive integer, got "0"'],
    ['offset', '-1', 'offset must be an integer of 0 or more, got "-1"'],
    ['weight', '1,5', 'weight must be a decimal number, got "1,5"'],
    ['text', '  ', 'text must be a non-blank string, got "  "'],
    ['key', 'a b', /^key must be an id/],
    ['source', 'http://a b', 'source must be a URI without spaces, got "http://a b"'],
    ['organization', 'Organization/a b', /^organization must be a reference such as Organization\/123/],
    ['organization', 'org-1', /^organization must be a reference such as/],
    ['anything', 'https://elsewhere/fhir/Patient/1', /^anything must be a reference such as/],
    ['organization', 'Patient/p1', 'organization must reference an Organization, got "Patient/p1"'],
    ['settings', 'Organization/o', 'settings must reference a Basic, got "Organization/o"'],
  ] as [string, string, string | RegExp][])('?%s=%s', (name, value, text) => {
    refused(get({ kind: 'x', [name]: value }), text, name);
  });

  test('a code with a double space', () => {
    refused(get({ kind: 'a  b' }), /^kind must be a code/, 'kind');
  });

  // In a Parameters body: the entry's value[x] and its JSON type, then its value as in the URL.
  test.each([
    [{ name: 'date', valueString: '2025-01-01' }, 'date of $example must be given as valueDate, got valueString'],
    [{ name: 'flag' }, 'flag of $example must be given as valueBoolean, got no value'],
    [
      { name: 'text', resource: { resourceType: 'Patient' } },
      'text of $example must be given as valueString, got resource',
    ],
    [{ name: 'flag', valueBoolean: 'true' }, 'flag must be given as valueBoolean with a JSON boolean, got "true"'],
    [{ name: 'count', valueInteger: 2.5 }, 'count must be an integer, got "2.5"'],
    [{ name: 'date', valueDate: '2025-02-30' }, 'date must be a date (YYYY-MM-DD), got "2025-02-30"'],
    [
      { name: 'organization', valueReference: { identifier: { value: '1' } } },
      'organization must be a literal reference (valueReference.reference)',
    ],
  ] as [{ name: string }, string][])('Parameters entry %o', (entry, text) => {
    refused(post(parameters({ name: 'kind', valueCode: 'x' }, entry)), text, entry.name);
  });

  test.each([
    ['a Parameters entry without a name', post(parameters({ valueCode: 'x' })), 'Parameters.parameter[0] has no name'],
    [
      'a body of another resource type',
      post({ resourceType: 'Patient' }),
      '$example takes a Parameters resource, got "Patient"',
    ],
    ['a JSON array as the body', post([1, 2]), '$example takes a Parameters resource or a form as its body'],
  ] as [string, OperationRequest, string][])('%s', (_name, request, text) => {
    expect(refusal(() => read(request))).toEqual({ status: 400, text, expression: undefined });
  });
});

describe('options', () => {
  test('notImplemented names the parameters the server leaves out of the base definition', () => {
    const reader = operationInputReader(definition, { kind: 'string' }, { notImplemented: ['_typeFilter', 'patient'] });
    expect(refusal(() => reader(get({ kind: 'x', _typeFilter: 'a', patient: 'b', other: 'c' })))).toEqual({
      status: 400,
      text: '$example does not support _typeFilter, patient',
      expression: ['_typeFilter'],
    });
  });

  test('unknown: ignore leaves undeclared parameters unread, and still checks the declared ones', () => {
    const reader = operationInputReader(definition, { kind: 'string', flag: 'boolean' }, { unknown: 'ignore' });
    expect(reader(get({ kind: 'x', limit: 'x10', displayLanguage: 'nl' }))).toEqual({ kind: 'x' });
    expect(refusal(() => reader(get({ kind: 'x', flag: 'ja' }))).text).toBe('flag must be true or false, got "ja"');
  });
});

describe('a reader that disagrees with its definition fails when it is made', () => {
  test.each([
    [
      'a name the definition does not declare',
      { colour: 'string' },
      '$example has no in-parameter colour that reads as string',
    ],
    ['an out parameter', { result: 'string' }, '$example has no in-parameter result that reads as string'],
    ['a boolean read as a string', { flag: 'string' }, '$example has no in-parameter flag that reads as string'],
    ['a repeating parameter read once', { tag: 'string' }, '$example has no in-parameter tag that reads as string'],
    [
      'a single parameter read as a list',
      { kind: 'string[]' },
      '$example has no in-parameter kind that reads as string[]',
    ],
  ] as const)('%s', (_name, shape, message) => {
    expect(() => operationInputReader(definition, shape)).toThrow(message);
  });

  test('an in-parameter of a type the reader cannot read (parts)', () => {
    const withParts: OperationDefinition = {
      ...definition,
      parameter: [{ name: 'group', use: 'in', min: 0, max: '1', part: [inParameter('x', 'string')] }],
    };
    expect(() => operationInputReader(withParts, {})).toThrow(
      '$example parameter group: type (parts) is not supported',
    );
  });
});

/** How the reader reads a declared in-parameter: by its type, repeating ones as lists. */
function shapeOf(parameter: {
  type?: string;
  max?: string;
}): 'boolean' | 'number' | 'resource' | 'string' | 'string[]' {
  if (parameter.type === 'boolean') {
    return 'boolean';
  }
  if (kindOf(parameter.type) === 'resource') {
    return 'resource';
  }
  if (parameter.type === 'integer') {
    return 'number';
  }
  return parameter.max === '1' ? 'string' : 'string[]';
}

describe('resource parameters', () => {
  const takesOne: OperationDefinition = {
    ...definition,
    code: 'extract',
    parameter: [inParameter('questionnaire-response', 'Resource')],
  };
  const read = (request: OperationRequest) =>
    readOperationInput(takesOne, request, { 'questionnaire-response': 'resource' });
  const response = { resourceType: 'QuestionnaireResponse', status: 'completed' };

  test('reads the resource of a Parameters entry', () => {
    const body = { resourceType: 'Parameters', parameter: [{ name: 'questionnaire-response', resource: response }] };
    expect(read({ method: 'POST', body })).toEqual({ 'questionnaire-response': response });
  });

  test('takes the body itself when the resource is the only in-parameter (R4 operations.html#request)', () => {
    expect(read({ method: 'POST', body: response })).toEqual({ 'questionnaire-response': response });
    const two = { ...takesOne, parameter: [...(takesOne.parameter ?? []), inParameter('flag', 'boolean')] };
    expect(() => readOperationInput(two, { method: 'POST', body: response }, {})).toThrow(OperationOutcomeError);
  });

  test.each([
    ['in the query string', { method: 'POST', query: { 'questionnaire-response': 'x' } }, 'is a resource'],
    [
      'as a value instead of a resource',
      {
        method: 'POST',
        body: { resourceType: 'Parameters', parameter: [{ name: 'questionnaire-response', valueString: 'x' }] },
      },
      'must be given as resource',
    ],
  ])('refuses it %s with 400', (_name, request, text) => {
    expect(refusal(() => read(request as OperationRequest)).text).toContain(text);
  });

  test('refuses a resource of a type the reader does not know as a resource parameter type', () => {
    const typed = { ...takesOne, parameter: [inParameter('questionnaire-response', 'QuestionnaireResponse')] };
    expect(() => operationInputReader(typed, {})).toThrow(
      '$extract parameter questionnaire-response: type QuestionnaireResponse is not supported',
    );
  });

  test('refuses a Parameters entry whose resource has no resourceType', () => {
    const body = { resourceType: 'Parameters', parameter: [{ name: 'questionnaire-response', resource: { id: 'x' } }] };
    expect(refusal(() => read({ method: 'POST', body })).text).toBe(
      'questionnaire-response must be a resource, got {"id":"x"}',
    );
  });
});

describe('the package’s OperationDefinitions', () => {
  test.each(Object.entries(OperationDefinitions))(
    '%s is read from the package under its canonical URL',
    (_name, url) => {
      const operation = packageOperation(url);
      expect(operation).toMatchObject({ resourceType: 'OperationDefinition', url });
      // Every in-parameter has a type the reader reads.
      const shape = Object.fromEntries(
        (operation.parameter ?? []).filter((p) => p.use === 'in').map((p) => [p.name, shapeOf(p)]),
      );
      expect(() => operationInputReader(operation, shape)).not.toThrow();
    },
  );

  test('$target-selection refuses a practice that is not an Organization, by the targetProfile', () => {
    const operation = packageOperation(OperationDefinitions.TargetSelectionOperation);
    const request = post(parameters({ name: 'practice', valueReference: { reference: 'Patient/p1' } }));
    expect(refusal(() => readOperationInput(operation, request, { practice: 'string' }, { profileType })).text).toBe(
      'practice must reference an Organization, got "Patient/p1"',
    );
  });
});

describe('properties', () => {
  const day = fc
    .date({
      min: new Date(Date.UTC(MIN_DATE_YEAR, 0, 1)),
      max: new Date(Date.UTC(MAX_DATE_YEAR, 11, 31)),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));

  test('every day from 1900 to 2200 is read back unchanged, from the URL and from valueDate', () => {
    fc.assert(
      fc.property(day, (date) => {
        expect(read(get({ kind: 'x', date })).date).toBe(date);
        expect(read(post(parameters({ name: 'kind', valueCode: 'x' }, { name: 'date', valueDate: date }))).date).toBe(
          date,
        );
      }),
    );
  });

  test('a date is accepted exactly when it is a YYYY-MM-DD day of the calendar from 1900 to 2200', () => {
    const oracle = (text: string) => {
      const parsed = Date.parse(`${text}T00:00:00Z`);
      const year = Number(text.slice(0, 4));
      return (
        /^\d{4}-\d{2}-\d{2}$/.test(text) &&
        !Number.isNaN(parsed) &&
        new Date(parsed).toISOString().slice(0, 10) === text &&
        year >= MIN_DATE_YEAR &&
        year <= MAX_DATE_YEAR
      );
    };
    const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
    const nearlyDates = fc.tuple(digits(4), digits(2), digits(2)).map(([y, m, d]) => `${y}-${m}-${d}`);
    fc.assert(
      fc.property(fc.oneof(nearlyDates, day, fc.string()), (date) => {
        let accepted = true;
        try {
          read(get({ kind: 'x', date }));
        } catch (err) {
          expect(
            refusal(() => {
              throw err;
            }),
          ).toMatchObject({ status: 400, expression: ['date'] });
          accepted = false;
        }
        expect(accepted).toBe(oracle(date));
      }),
    );
  });

  test('every 32-bit integer is read back as that number; beyond it is refused', () => {
    fc.assert(
      fc.property(fc.integer(), (n) => {
        expect(read(get({ kind: 'x', count: String(n) })).count).toBe(n);
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 31n, max: 2n ** 80n }), fc.boolean(), (n, negative) => {
        const text = `${negative ? '-' : ''}${negative ? n + 1n : n}`;
        expect(refusal(() => read(get({ kind: 'x', count: text }))).status).toBe(400);
      }),
    );
  });

  test('any query string is read or refused with a 400, never another error', () => {
    const names = fc.oneof(fc.constantFrom(...Object.keys(SHAPE), 'result', '_format'), fc.string({ maxLength: 8 }));
    const values = fc.oneof(fc.string({ maxLength: 30 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }));
    fc.assert(
      fc.property(fc.dictionary(names, values), (query) => {
        try {
          read(get(query));
        } catch (err) {
          expect(err).toBeInstanceOf(OperationOutcomeError);
          expect(getStatus((err as OperationOutcomeError).outcome)).toBe(400);
        }
      }),
    );
  });
});
