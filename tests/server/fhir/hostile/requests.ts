// Hostile requests as fast-check arbitraries, one per attack surface: resources, Bundles, search
// parameters, headers, oversized and deeply nested bodies, and the Bulk Data status and file URLs.
import fc from 'fast-check';
import type { SearchParamRegistry } from '../../../../server/src/store/search/params.ts';
import {
  hostileId,
  hostileJson,
  hostileString,
  mutatedResource,
  reDoSString,
  targetExamples,
  urlText,
} from './arbitraries.ts';
import type { HostileRequest } from './harness.ts';

const FHIR_JSON = { 'content-type': 'application/fhir+json' };
const json = (value: unknown): string => JSON.stringify(value);

/** Resource types of the examples, and some the server has no example of. */
const EXAMPLE_TYPES = [...new Set(targetExamples.map((example) => example.resourceType))];
const resourceType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...EXAMPLE_TYPES) },
  { weight: 1, arbitrary: fc.constantFrom('Bundle', 'Binary', 'AuditEvent', 'OperationOutcome', 'Parameters') },
  { weight: 1, arbitrary: fc.constantFrom('patient', 'PATIENT', 'Resource', 'DomainResource', '%50atient', '') },
);

/** 1: arbitrary JSON, and TARGET examples with values replaced or removed, POSTed, PUT and PATCHed. */
export const resourceRequest: fc.Arbitrary<HostileRequest> = fc.oneof(
  fc.record({ type: resourceType, body: hostileJson }).map(({ type, body }) => ({
    method: 'POST',
    path: type,
    headers: FHIR_JSON,
    body: json(body),
  })),
  fc
    .record({ type: resourceType, body: fc.dictionary(fc.string({ maxLength: 12 }), hostileJson, { maxKeys: 6 }) })
    .map(({ type, body }) => ({
      method: 'POST',
      path: type,
      headers: FHIR_JSON,
      body: json({ resourceType: type, ...body }),
    })),
  fc
    .record({ resource: mutatedResource, method: fc.constantFrom('POST', 'PUT'), id: fc.option(hostileId) })
    .map(({ resource, method, id }) => ({
      method,
      // A mutation may have replaced resourceType or id with any JSON value: encoded, it stays one path segment.
      path:
        method === 'POST'
          ? encodeURIComponent(String(resource.resourceType))
          : `${encodeURIComponent(String(resource.resourceType))}/${id ?? encodeURIComponent(String(resource.id))}`,
      headers: FHIR_JSON,
      body: json(resource),
    })),
  fc.record({ type: resourceType, id: hostileId, patch: hostileJson }).map(({ type, id, patch }) => ({
    method: 'PATCH',
    path: `${type}/${id}`,
    headers: { 'content-type': 'application/json-patch+json' },
    body: json(patch),
  })),
  fc
    .record({
      type: resourceType,
      id: hostileId,
      op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus'),
      path: fc.oneof(fc.constantFrom('/id', '/meta', '/resourceType', '/name/0', '/-', '/', ''), hostileString),
      value: hostileJson,
    })
    .map(({ type, id, op, path, value }) => ({
      method: 'PATCH',
      path: `${type}/${id}`,
      headers: { 'content-type': 'application/json-patch+json' },
      body: json([{ op, path, value, from: path }]),
    })),
);

/** A small pool, so entries collide: duplicate fullUrls, and references that form loops. */
const urnPool = ['urn:uuid:11111111-1111-4111-8111-111111111111', 'urn:uuid:22222222-2222-4222-8222-222222222222'];
const fullUrl = fc.oneof(
  fc.constantFrom(...urnPool),
  fc.constantFrom(
    'urn:uuid:not-a-uuid',
    'urn:oid:1.2.3',
    'Patient/x',
    'http://evil.example/fhir/Patient/1',
    '',
    '../../etc/passwd',
  ),
  hostileString,
);
const entryUrl = fc.oneof(
  fc.constantFrom('Patient', 'Patient/target-patient-example', 'Observation?code=x', 'Patient/$everything', '$export'),
  fc.constantFrom(
    '',
    '/',
    '../Patient',
    'http://evil.example/fhir/Patient',
    'urn:uuid:11111111-1111-4111-8111-111111111111',
  ),
  fc.tuple(resourceType, urlText).map(([type, text]) => `${type}?name=${text}`),
  fc.tuple(resourceType, hostileId).map(([type, id]) => `${type}/${id}`),
);

const entryResource = fc.oneof(
  mutatedResource,
  fc.constantFrom(...urnPool).map((reference) => ({
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'loop' },
    subject: { reference },
    hasMember: urnPool.map((member) => ({ reference: member })),
  })),
  fc.constantFrom(...urnPool).map((reference) => ({
    resourceType: 'Patient',
    link: [{ other: { reference }, type: 'seealso' }],
  })),
  hostileJson,
);

const bundleEntry = fc.record(
  {
    fullUrl,
    resource: entryResource,
    request: fc.record(
      {
        method: fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'), hostileString),
        url: entryUrl,
        ifNoneExist: fc.oneof(fc.constant('identifier=x'), urlText),
        ifMatch: fc.oneof(fc.constant('W/"1"'), hostileString),
        ifNoneMatch: fc.oneof(fc.constant('*'), hostileString),
        ifModifiedSince: fc.oneof(fc.constant('2020-01-01T00:00:00Z'), hostileString),
      },
      { requiredKeys: ['method', 'url'] },
    ),
  },
  { requiredKeys: [] },
);

type BundleLike = { resourceType: 'Bundle'; type: unknown; entry: unknown[] };

/** A nested batch or transaction inside an entry (the limits count its entries too). */
const withNestedBundle = (bundle: BundleLike): BundleLike => ({
  ...bundle,
  entry: [
    ...bundle.entry,
    { request: { method: 'POST', url: '/' }, resource: { ...bundle, entry: bundle.entry.slice(0, 3) } },
  ],
});

/** 2: batch and transaction Bundles with hostile entries. */
export const bundleRequest: fc.Arbitrary<HostileRequest> = fc
  .record({
    type: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('batch', 'transaction') },
      { weight: 1, arbitrary: hostileJson },
    ),
    entry: fc.oneof(
      { weight: 8, arbitrary: fc.array(bundleEntry, { maxLength: 12 }) },
      // Many cheap entries near the batch limit of 500 (the limit is checked before any entry runs).
      {
        weight: 1,
        arbitrary: fc
          .integer({ min: 480, max: 520 })
          .map((count) =>
            Array.from({ length: count }, () => ({ request: { method: 'GET', url: 'Patient?_count=1' } })),
          ),
      },
    ),
    nested: fc.boolean(),
  })
  .map(({ type, entry, nested }) => {
    const bundle: BundleLike = { resourceType: 'Bundle', type, entry };
    return { method: 'POST', path: '', headers: FHIR_JSON, body: json(nested ? withNestedBundle(bundle) : bundle) };
  });

export interface SearchTarget {
  readonly resourceType: string;
  readonly code: string;
  readonly type: string;
}

/** Resource types searched: the TARGET ones, and some with number and quantity parameters. */
const SEARCHED_TYPES = [...EXAMPLE_TYPES, 'RiskAssessment', 'MolecularSequence', 'ChargeItem', 'Substance', 'Location'];

/** Every indexed parameter of the searched types, by parameter type (string, token, …, composite). */
export function searchTargets(registry: SearchParamRegistry): Map<string, SearchTarget[]> {
  const byType = new Map<string, SearchTarget[]>();
  for (const type of SEARCHED_TYPES) {
    for (const param of registry.paramsOf(type)) {
      byType.set(param.type, [
        ...(byType.get(param.type) ?? []),
        { resourceType: type, code: param.code, type: param.type },
      ]);
    }
  }
  return byType;
}

/** Modifiers each parameter type takes (R4 search.html#modifiers), and some no type takes. */
const MODIFIERS: Readonly<Record<string, readonly string[]>> = {
  string: ['', ':exact', ':contains', ':missing'],
  token: ['', ':not', ':text', ':missing', ':of-type', ':in', ':not-in', ':above', ':below'],
  reference: ['', ':missing', ':identifier', ':Patient', ':Organization'],
  uri: ['', ':above', ':below', ':missing'],
  date: ['', ':missing'],
  number: ['', ':missing'],
  quantity: ['', ':missing'],
  composite: [''],
};
const WRONG_MODIFIERS = [':bogus', ":'", ':iterate', ':exact', ':text', ':Patient', ':'];
const PREFIXES = ['', 'eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'];

const dateText = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString()),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom('2020', '2020-02', '2020-02-29', '2020-01-01T10:00', '2020-01-01T00:00:00+14:00'),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '2020-13',
      '2020-02-30',
      '2020-01-01T25:00',
      '-0001',
      '99999-01-01',
      '2020-01-01T00:00:00+99:00',
      'now',
      '',
    ),
  },
);
const numberText = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.oneof(fc.integer().map(String), fc.double({ noNaN: true, noDefaultInfinity: true }).map(String)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('1e309', '-1e-400', '0x10', '1.', '.5', '--1', '9'.repeat(400), 'NaN', 'Infinity'),
  },
);

/** A value of the parameter type: well-formed mostly, with hostile strings wherever free text goes. */
function typedValue(type: string): fc.Arbitrary<string> {
  const text = hostileString;
  const prefixed = (value: fc.Arbitrary<string>) =>
    fc.tuple(fc.constantFrom(...PREFIXES), value).map(([prefix, v]) => prefix + v);
  const valid = ((): fc.Arbitrary<string> => {
    switch (type) {
      case 'date':
        return prefixed(dateText);
      case 'number':
        return prefixed(numberText);
      case 'quantity':
        return fc
          .tuple(prefixed(numberText), fc.option(text), fc.option(text))
          .map(([n, system, code]) => (system === null && code === null ? n : `${n}|${system ?? ''}|${code ?? ''}`));
      case 'token':
        return fc.oneof(
          text,
          fc.tuple(text, text).map(([system, code]) => `${system}|${code}`),
          text.map((code) => `|${code}`),
        );
      case 'reference':
        return fc.oneof(
          text,
          hostileId.map((id) => `Patient/${id}`),
          text.map((t) => `http://evil.example/fhir/${t}`),
        );
      case 'composite':
        return fc.tuple(text, fc.oneof(text, prefixed(numberText))).map(([a, b]) => `${a}$${b}`);
      default:
        return text;
    }
  })();
  return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: text });
}

/** A value for the URL: percent-encoded, or a raw hostile URL piece. */
const inUrl = (value: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof({ weight: 6, arbitrary: value.map(encodeURIComponent) }, { weight: 1, arbitrary: urlText });

/** `code[:modifier]=value[,value]` for one parameter; `:missing` takes true or false. */
function typedParameter(target: SearchTarget): fc.Arbitrary<string> {
  const modifier = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...(MODIFIERS[target.type] ?? [''])) },
    { weight: 1, arbitrary: fc.constantFrom(...WRONG_MODIFIERS) },
  );
  return modifier.chain((m) =>
    (m === ':missing'
      ? fc.constantFrom('true', 'false', 'maybe')
      : inUrl(fc.array(typedValue(target.type), { minLength: 1, maxLength: 3 }).map((values) => values.join(',')))
    ).map((value) => `${target.code}${m}=${value}`),
  );
}

/** Result parameters and paging: _count, _offset, _sort, _include, _revinclude, _summary, _elements, _total. */
function resultParameter(own: SearchTarget[], all: SearchTarget[]): fc.Arbitrary<string> {
  const code = fc.constantFrom(...own.map((t) => t.code));
  const count = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 1000 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('-1', '1001', '1e9', '99999999999999999999', 'abc', '', '1.5') },
  );
  const references = own.filter((t) => t.type === 'reference');
  const include = references.length > 0 ? fc.constantFrom(...references) : fc.constantFrom(...all);
  return fc.oneof(
    count.map((n) => `_count=${encodeURIComponent(n)}`),
    fc.oneof(count, fc.integer({ min: 9990, max: 10_010 }).map(String)).map((n) => `_offset=${encodeURIComponent(n)}`),
    fc
      .array(
        fc.tuple(
          fc.constantFrom('', '-'),
          fc.oneof({ weight: 4, arbitrary: code }, { weight: 1, arbitrary: hostileString }),
        ),
        {
          minLength: 1,
          maxLength: 3,
        },
      )
      .map((keys) => `_sort=${encodeURIComponent(keys.map(([d, c]) => d + c).join(','))}`),
    fc
      .tuple(
        fc.constantFrom('_include', '_revinclude', '_include:iterate', '_revinclude:iterate'),
        include,
        fc.option(fc.oneof(fc.constantFrom('Patient', 'Bogus'), hostileString)),
      )
      .map(
        ([name, t, narrow]) =>
          `${name}=${encodeURIComponent(`${t.resourceType}:${t.code}${narrow === null ? '' : `:${narrow}`}`)}`,
      ),
    fc.constantFrom(
      '_include=*',
      '_revinclude=*',
      '_include=Patient',
      '_include=:',
      '_include=Observation:subject:Patient:x',
    ),
    fc.constantFrom(
      '_summary=count',
      '_summary=true',
      '_summary=data',
      '_summary=text',
      '_summary=false',
      '_summary=bogus',
    ),
    fc.oneof(code, inUrl(hostileString)).map((v) => `_elements=${v}`),
    fc.constantFrom('_total=accurate', '_total=none', '_total=estimate', '_total=bogus', '_format=xml', '_pretty=true'),
    inUrl(hostileString).map((v) => `_id=${v}`),
    fc
      .tuple(fc.constantFrom(...PREFIXES), fc.oneof(dateText, hostileString))
      .map(([p, d]) => `_lastUpdated=${encodeURIComponent(p + d)}`),
  );
}

/** Chained parameters (`subject:Patient.name=`), reverse chains (`_has:`) and parameter names that are no parameter. */
function chainedParameter(own: SearchTarget[], all: SearchTarget[]): fc.Arbitrary<string> {
  const ownReferences = own.filter((t) => t.type === 'reference');
  const allReferences = all.filter((t) => t.type === 'reference');
  const any = fc.constantFrom(...all);
  const chains =
    ownReferences.length === 0
      ? []
      : [
          fc
            .tuple(
              fc.constantFrom(...ownReferences),
              fc.constantFrom('', ':Patient', ':Bogus'),
              fc.array(any, { minLength: 1, maxLength: 4 }),
              inUrl(hostileString),
            )
            .map(
              ([ref, modifier, chain, value]) =>
                `${ref.code}${modifier}.${chain.map((t) => t.code).join('.')}=${value}`,
            ),
        ];
  return fc.oneof(
    ...chains,
    fc
      .tuple(any, fc.constantFrom(...allReferences), any, inUrl(hostileString))
      .map(([target, ref, param, value]) => `_has:${target.resourceType}:${ref.code}:${param.code}=${value}`),
    fc.tuple(inUrl(hostileString), inUrl(hostileString)).map(([name, value]) => `${name}=${value}`),
  );
}

/** 3: search parameters of every type with modifiers, prefixes and hostile values; GET or POST _search. */
export function searchRequest(byType: Map<string, SearchTarget[]>): fc.Arbitrary<HostileRequest> {
  const all = [...byType.values()].flat();
  const first = fc
    .constantFrom(...byType.keys())
    .chain((type) => fc.constantFrom(...(byType.get(type) as SearchTarget[])));
  return first.chain((target) => {
    const own = all.filter((t) => t.resourceType === target.resourceType);
    return fc
      .record({
        parameter: typedParameter(target),
        more: fc.array(
          fc.oneof(
            { weight: 3, arbitrary: resultParameter(own, all) },
            { weight: 2, arbitrary: fc.constantFrom(...own).chain(typedParameter) },
            { weight: 1, arbitrary: chainedParameter(own, all) },
          ),
          { maxLength: 3 },
        ),
        post: fc.boolean(),
      })
      .map(({ parameter, more, post }): HostileRequest => {
        const query = [parameter, ...more].join('&');
        return post
          ? {
              method: 'POST',
              path: `${target.resourceType}/_search`,
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: query,
            }
          : { method: 'GET', path: `${target.resourceType}?${query}` };
      });
  });
}

/** Header values Node lets through (visible Latin-1 and tabs; no CR, LF or NUL). */
const headerValue = (value: fc.Arbitrary<string>) =>
  value.map((v) => v.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?').slice(0, 4000));

/** 4: FHIR headers with hostile values on reads, creates, updates and searches. */
export function headerRequest(validToken: string): fc.Arbitrary<HostileRequest> {
  const anyText = headerValue(hostileString);
  const header = <T extends string>(name: string, values: T[]) =>
    fc.option(
      fc
        .oneof({ weight: 3, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: anyText })
        .map((v) => [name, v] as const),
    );
  return fc
    .record({
      target: fc.constantFrom(
        { method: 'POST', path: 'Patient' },
        { method: 'PUT', path: 'Patient/target-patient-example' },
        { method: 'GET', path: 'Patient/target-patient-example' },
        { method: 'GET', path: 'Patient?name=a' },
        { method: 'DELETE', path: 'Patient/fuzz-never-stored' },
        { method: 'PATCH', path: 'Patient/target-patient-example' },
      ),
      headers: fc.tuple(
        header('content-type', [
          'application/fhir+json',
          'application/json',
          'application/fhir+json; charset=utf-16',
          'application/fhir+json; charset=bogus',
          'application/xml',
          'text/plain',
          'application/json-patch+json',
          'multipart/form-data; boundary=x',
          'application/x-www-form-urlencoded',
          '',
          ';;;',
        ]),
        header('accept', [
          'application/fhir+xml',
          'text/html',
          '*/*',
          'application/fhir+json;q=0',
          '',
          'application/fhir+json; fhirVersion=9.9',
        ]),
        header('if-match', [
          'W/"1"',
          '"1"',
          'W/"999999999999999999999"',
          '*',
          'W/""',
          'W/"1", W/"2"',
          'W/"-1"',
          `W/"'; --"`,
        ]),
        header('if-none-match', ['W/"1"', '*', '"x"', '']),
        header('if-none-exist', ['identifier=x', "name='", '_id=target-patient-example', 'bogus=1', '', '_count=abc']),
        header('if-modified-since', ['Wed, 21 Oct 2015 07:28:00 GMT', 'yesterday', '']),
        header('prefer', [
          'return=minimal',
          'return=representation',
          'return=OperationOutcome',
          'handling=lenient',
          'handling=strict',
          'respond-async',
          'return',
          '=',
          ',;,;',
        ]),
        header('content-encoding', ['gzip', 'deflate', 'br', 'identity', 'bogus', 'gzip, gzip', 'zstd']),
        header('x-forwarded-for', ['127.0.0.1', '::1, 10.0.0.1', 'unknown', '999.999.999.999']),
        header('x-forwarded-host', ['evil.example', 'evil.example:99999', '']),
        header('x-forwarded-proto', ['https', 'gopher', '']),
        header('authorization', [
          `bearer ${validToken}`,
          `Bearer  ${validToken}`,
          `Bearer ${validToken} extra`,
          'Basic YWRtaW46YWRtaW4=',
          'Bearer',
          'Bearer ',
          `Bearer ${validToken}.x`,
        ]),
      ),
      body: fc.oneof(mutatedResource.map(json), hostileJson.map(json), anyText, fc.constant('')),
    })
    .map(({ target, headers, body }) => {
      const present = Object.fromEntries(headers.filter((h) => h !== null));
      return {
        ...target,
        headers: present,
        ...(['POST', 'PUT', 'PATCH'].includes(target.method) ? { body } : {}),
      };
    });
}

/** `[[[…]]]` or `{"a":{"a":…}}` nested `depth` levels. */
function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

export interface BodyLimits {
  readonly maxBodyBytes: number;
  readonly maxJsonDepth: number;
  readonly maxJsonElements: number;
}

/** 6: bodies around and far beyond the size, depth and element limits, as resources and as Bundles. */
export function oversizedRequest(limits: BodyLimits): fc.Arbitrary<HostileRequest> {
  const depth = fc.oneof(
    fc.integer({ min: limits.maxJsonDepth - 3, max: limits.maxJsonDepth + 3 }),
    fc.integer({ min: 1000, max: 100_000 }),
  );
  const body = fc.oneof(
    fc
      .tuple(depth, fc.constantFrom<'array' | 'object'>('array', 'object'))
      .map(([d, kind]) => `{"resourceType":"Patient","extension":${nested(d, kind)}}`),
    depth.map((d) => `{"resourceType":"Bundle","type":"transaction","entry":[{"resource":${nested(d, 'object')}}]}`),
    fc
      .integer({ min: limits.maxJsonElements - 10, max: limits.maxJsonElements * 2 })
      .map((n) => json({ resourceType: 'Patient', name: [{ given: Array.from({ length: n }, () => 'a') }] })),
    fc
      .integer({ min: limits.maxBodyBytes - 100, max: limits.maxBodyBytes + 100 })
      .map(
        (bytes) =>
          `{"resourceType":"Patient","id":"x","text":{"status":"generated","div":"${'a'.repeat(Math.max(0, bytes - 70))}"}}`,
      ),
    reDoSString.map((s) => json({ resourceType: 'Patient', name: [{ family: s.repeat(10) }] })),
    fc.constantFrom(
      '{',
      '[',
      '{"resourceType":"Patient"',
      '{"a":1,}',
      '\ufeff{"resourceType":"Patient"}',
      'null',
      '1',
      '"Patient"',
      '{"__proto__":{"x":1}}',
    ),
  );
  const bodies = fc
    .tuple(
      fc.constantFrom(
        { method: 'POST', path: 'Patient' },
        { method: 'PUT', path: 'Patient/fuzz-big' },
        { method: 'POST', path: '' },
      ),
      body,
    )
    .map(([target, text]): HostileRequest => ({ ...target, headers: FHIR_JSON, body: text }));
  // Request lines and headers beyond Node's 16 KiB: refused by the HTTP parser before any route runs.
  const heads = fc
    .tuple(fc.integer({ min: 15_000, max: 40_000 }), fc.boolean())
    .map(
      ([length, inHeader]): HostileRequest =>
        inHeader
          ? { method: 'GET', path: 'Patient', headers: { 'x-padding': 'a'.repeat(length) } }
          : { method: 'GET', path: `Patient?name=${'a'.repeat(length)}` },
    );
  return fc.oneof({ weight: 5, arbitrary: bodies }, { weight: 1, arbitrary: heads });
}

/**
 * History at system, type and instance level, and version reads (R4 http.html#history), with hostile
 * `_since`, `_at`, `_count`, `_offset` and ids: `known` are ids stored before (Type/id), so that some requests
 * reach real histories.
 */
export function historyRequest(known: readonly string[]): fc.Arbitrary<HostileRequest> {
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('Patient', 'Observation', 'Bogus', 'AuditEvent'), inUrl(hostileString))
        .map(([type, id]) => `${type}/${id}`),
    },
  );
  const base = fc.oneof(
    fc.constant('_history'),
    fc.constantFrom('Patient', 'Observation', 'Task', 'Bogus').map((type) => `${type}/_history`),
    key.map((k) => `${k}/_history`),
    fc
      .tuple(key, fc.oneof(fc.constantFrom('1', '2', '0', '-1', '99999999999999999999'), inUrl(hostileString)))
      .map(([k, version]) => `${k}/_history/${version}`),
  );
  const instant = fc.oneof(
    fc.constantFrom('2020-01-01T00:00:00Z', '2026-12-06', '2026-12-06T10:00:00+01:00', '9999-12-31T23:59:59Z'),
    dateText,
    hostileString,
  );
  const parameter = fc.oneof(
    instant.map((v) => `_since=${encodeURIComponent(v)}`),
    instant.map((v) => `_at=${encodeURIComponent(v)}`),
    fc.oneof(fc.constantFrom('0', '1', '1000', '-5', '1e9', '2.5'), inUrl(hostileString)).map((v) => `_count=${v}`),
    fc.oneof(fc.constantFrom('0', '20', '-1', '1e12'), inUrl(hostileString)).map((v) => `_offset=${v}`),
    fc.tuple(inUrl(hostileString), inUrl(hostileString)).map(([name, value]) => `${name}=${value}`),
  );
  return fc.record({ base, parameters: fc.array(parameter, { maxLength: 3 }) }).map(
    ({ base, parameters }): HostileRequest => ({
      method: 'GET',
      path: parameters.length > 0 ? `${base}?${parameters.join('&')}` : base,
    }),
  );
}
