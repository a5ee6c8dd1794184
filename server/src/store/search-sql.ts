// Translates a parsed FHIR search (@medplum/core SearchRequest) into SQL over the idx_* tables.
// https://hl7.org/fhir/R4/search.html — each filter becomes an EXISTS (or NOT EXISTS) over the index
// table of its parameter type, correlated to the resource row; OR within a parameter (comma values)
// stays inside one EXISTS, AND between parameters is AND between conditions.

import type { Filter, SortRule } from '@medplum/core';
import {
  badRequest,
  OperationOutcomeError,
  Operator,
  parseSearchRequest,
  splitSearchOnComma,
  toPeriod,
} from '@medplum/core';
import { lowerOrNull, normalizeString, parseReference } from './indexer.ts';
import type { IndexedParam, SearchParamRegistry } from './search-params.ts';

/** Collects positional parameters while SQL text is built. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export interface CompileContext {
  readonly registry: SearchParamRegistry;
  readonly params: SqlParams;
  /** Our own FHIR base URL: absolute references to it are treated as relative ones. */
  readonly fhirBaseUrl: string;
  /** Unknown parameters are dropped (and reported here) instead of rejected: `Prefer: handling=lenient`. */
  readonly lenientWarnings?: string[];
}

let aliasCounter = 0;
function nextAlias(prefix: string): string {
  aliasCounter = (aliasCounter + 1) % 1_000_000;
  return `${prefix}${aliasCounter}`;
}

function unknownParameter(ctx: CompileContext, resourceType: string, code: string): undefined {
  const message = `Unknown search parameter "${code}" for ${resourceType}`;
  if (ctx.lenientWarnings) {
    ctx.lenientWarnings.push(message);
    return undefined;
  }
  throw new OperationOutcomeError(badRequest(message, code));
}

function unsupported(message: string, code: string): never {
  throw new OperationOutcomeError(badRequest(message, code));
}

/** SQL condition (on resource alias `r`) for all filters of a search on one resource type. */
export function compileFilters(ctx: CompileContext, resourceType: string, filters: Filter[], r: string): string[] {
  const conditions: string[] = [];
  for (const filter of filters) {
    const condition = compileFilter(ctx, resourceType, filter, r);
    if (condition) {
      conditions.push(condition);
    }
  }
  return conditions;
}

function compileFilter(ctx: CompileContext, resourceType: string, filter: Filter, r: string): string | undefined {
  const { code } = filter;
  if (code.startsWith('_has:')) {
    return compileReverseChain(ctx, filter, r);
  }
  if (code.includes('.')) {
    return compileChain(ctx, resourceType, filter, r);
  }
  if (code === '_id') {
    return compileIdFilter(ctx, filter, r);
  }
  if (code === '_lastUpdated') {
    return compileDateCondition(ctx, filter, `${r}.last_updated`, `${r}.last_updated`, true);
  }
  const param = ctx.registry.get(resourceType, code);
  if (!param) {
    return unknownParameter(ctx, resourceType, code);
  }
  if (filter.operator === Operator.MISSING || filter.operator === Operator.PRESENT) {
    const wantPresent = (filter.operator === Operator.MISSING) === (filter.value === 'false');
    const exists = presenceCondition(ctx, param, r);
    return wantPresent ? exists : `NOT ${exists}`;
  }
  switch (param.type) {
    case 'token':
      return compileToken(ctx, param, filter, r);
    case 'string':
      return compileString(ctx, param, filter, r);
    case 'reference':
      return compileReference(ctx, param, filter, r);
    case 'date':
      return compileDate(ctx, param, filter, r);
    case 'number':
      return compileNumber(ctx, param, filter, r);
    case 'quantity':
      return compileQuantity(ctx, param, filter, r);
    case 'uri':
      return compileUri(ctx, param, filter, r);
    case 'composite':
      return compileComposite(ctx, param, filter, r);
    default:
      return unsupported(`Search parameter type ${param.type} is not supported`, code);
  }
}

const TABLE_OF: Record<string, string> = {
  token: 'idx_token',
  string: 'idx_string',
  reference: 'idx_reference',
  date: 'idx_date',
  number: 'idx_number',
  quantity: 'idx_quantity',
  uri: 'idx_uri',
  composite: 'idx_composite',
};

function existsIn(
  ctx: CompileContext,
  table: string,
  param: IndexedParam,
  r: string,
  where: (a: string) => string,
): string {
  const a = nextAlias('i');
  return `EXISTS (SELECT 1 FROM ${table} ${a} WHERE ${a}.rid = ${r}.rid AND ${a}.param = ${ctx.params.add(param.id)} AND (${where(a)}))`;
}

function presenceCondition(ctx: CompileContext, param: IndexedParam, r: string): string {
  const exists = existsIn(ctx, TABLE_OF[param.type], param, r, () => 'true');
  if (param.type === 'token') {
    return `(${exists} OR ${existsIn(ctx, 'idx_token_text', param, r, () => 'true')})`;
  }
  return exists;
}

/** Wraps a per-row condition: negating operators (:not, ne) exclude resources having a matching row. */
function wrapNegation(filter: Filter, condition: string): string {
  return filter.operator === Operator.NOT || filter.operator === Operator.NOT_EQUALS ? `NOT ${condition}` : condition;
}

function values(filter: Filter): string[] {
  return splitSearchOnComma(filter.value);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// ---------------------------------------------------------------------------------------------- _id

function compileIdFilter(ctx: CompileContext, filter: Filter, r: string): string {
  const ids = ctx.params.add(values(filter));
  switch (filter.operator) {
    case Operator.EQUALS:
    case Operator.EXACT:
      return `${r}.id = ANY(${ids}::text[])`;
    case Operator.NOT:
    case Operator.NOT_EQUALS:
      return `${r}.id <> ALL(${ids}::text[])`;
    case Operator.MISSING:
      return filter.value === 'true' ? 'false' : 'true';
    default:
      return unsupported(`Modifier ${filter.operator} is not supported for _id`, '_id');
  }
}

// -------------------------------------------------------------------------------------------- token

function tokenMatch(ctx: CompileContext, value: string, a: string, systemColumn: string, valueColumn: string): string {
  const bar = value.indexOf('|');
  if (bar < 0) {
    return `${a}.${valueColumn} = ${ctx.params.add(value.toLowerCase())}`;
  }
  const system = value.slice(0, bar);
  const code = value.slice(bar + 1);
  if (!system && !code) {
    return 'false';
  }
  if (!system) {
    return `(${a}.${systemColumn} IS NULL AND ${a}.${valueColumn} = ${ctx.params.add(code.toLowerCase())})`;
  }
  const systemMatch = `${a}.${systemColumn} = ${ctx.params.add(system.toLowerCase())}`;
  return code ? `(${systemMatch} AND ${a}.${valueColumn} = ${ctx.params.add(code.toLowerCase())})` : systemMatch;
}

function compileToken(ctx: CompileContext, param: IndexedParam, filter: Filter, r: string): string {
  switch (filter.operator) {
    case Operator.EQUALS:
    case Operator.NOT:
    case Operator.NOT_EQUALS:
      return wrapNegation(
        filter,
        existsIn(ctx, 'idx_token', param, r, (a) =>
          values(filter)
            .map((v) => tokenMatch(ctx, v, a, 'system', 'value'))
            .join(' OR '),
        ),
      );
    case Operator.TEXT:
      // :text matches the display/text at the start of any word ("diab" finds "Type 2 diabetes").
      return existsIn(ctx, 'idx_token_text', param, r, (a) =>
        values(filter)
          .map((v) => {
            const word = escapeLike(normalizeString(v));
            return `(${a}.text LIKE ${ctx.params.add(`${word}%`)} OR ${a}.text LIKE ${ctx.params.add(`% ${word}%`)})`;
          })
          .join(' OR '),
      );
    default:
      return unsupported(`Modifier :${filter.operator} is not supported for token parameter ${param.code}`, param.code);
  }
}

// ------------------------------------------------------------------------------------------- string

function compileString(ctx: CompileContext, param: IndexedParam, filter: Filter, r: string): string {
  const match = (a: string, v: string): string => {
    switch (filter.operator) {
      case Operator.EXACT:
        return `${a}.raw = ${ctx.params.add(v)}`;
      case Operator.CONTAINS:
        return `${a}.normalized LIKE ${ctx.params.add(`%${escapeLike(normalizeString(v))}%`)}`;
      case Operator.EQUALS:
      case Operator.STARTS_WITH:
      case Operator.NOT:
      case Operator.NOT_EQUALS:
        return `${a}.normalized LIKE ${ctx.params.add(`${escapeLike(normalizeString(v))}%`)}`;
      default:
        return unsupported(
          `Modifier :${filter.operator} is not supported for string parameter ${param.code}`,
          param.code,
        );
    }
  };
  return wrapNegation(
    filter,
    existsIn(ctx, 'idx_string', param, r, (a) =>
      values(filter)
        .map((v) => match(a, v))
        .join(' OR '),
    ),
  );
}

// ---------------------------------------------------------------------------------------------- uri

function compileUri(ctx: CompileContext, param: IndexedParam, filter: Filter, r: string): string {
  const match = (a: string, v: string): string => {
    switch (filter.operator) {
      case Operator.EQUALS:
      case Operator.NOT:
      case Operator.NOT_EQUALS:
        return `${a}.value = ${ctx.params.add(v)}`;
      case Operator.BELOW:
        return `${a}.value LIKE ${ctx.params.add(`${escapeLike(v)}%`)}`;
      case Operator.ABOVE:
        return `${ctx.params.add(v)} LIKE (replace(replace(replace(${a}.value, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')`;
      case Operator.CONTAINS:
        return `${a}.value LIKE ${ctx.params.add(`%${escapeLike(v)}%`)}`;
      default:
        return unsupported(`Modifier :${filter.operator} is not supported for uri parameter ${param.code}`, param.code);
    }
  };
  return wrapNegation(
    filter,
    existsIn(ctx, 'idx_uri', param, r, (a) =>
      values(filter)
        .map((v) => match(a, v))
        .join(' OR '),
    ),
  );
}

// ---------------------------------------------------------------------------------------- reference

function compileReference(ctx: CompileContext, param: IndexedParam, filter: Filter, r: string): string {
  if (filter.operator === Operator.IDENTIFIER) {
    return existsIn(ctx, 'idx_reference', param, r, (a) =>
      values(filter)
        .map((v) => tokenMatchRaw(ctx, v, a, 'identifier_system', 'identifier_value'))
        .join(' OR '),
    );
  }
  if (
    filter.operator !== Operator.EQUALS &&
    filter.operator !== Operator.NOT &&
    filter.operator !== Operator.NOT_EQUALS
  ) {
    return unsupported(
      `Modifier :${filter.operator} is not supported for reference parameter ${param.code}`,
      param.code,
    );
  }
  const targets = param.definition.target ?? [];
  const match = (a: string, raw: string): string => {
    const v = raw.startsWith(`${ctx.fhirBaseUrl}/`) ? raw.slice(ctx.fhirBaseUrl.length + 1) : raw;
    if (!v.includes('/') && !v.includes(':')) {
      // A bare id: any target type (ids are server-assigned UUIDs), narrowed when the parameter has one.
      const typeMatch = targets.length === 1 ? ` AND ${a}.target_type = ${ctx.params.add(targets[0])}` : '';
      return `(${a}.target_id = ${ctx.params.add(v)}${typeMatch})`;
    }
    const parsed = /^[A-Z][A-Za-z]+\/[^/]+$/.test(v) ? parseReference(v) : undefined;
    if (parsed) {
      return `(${a}.target_id = ${ctx.params.add(parsed.id)} AND ${a}.target_type = ${ctx.params.add(parsed.type)})`;
    }
    // Canonical or external absolute reference: compared as written.
    return `${a}.reference = ${ctx.params.add(v)}`;
  };
  return wrapNegation(
    filter,
    existsIn(ctx, 'idx_reference', param, r, (a) =>
      values(filter)
        .map((v) => match(a, v))
        .join(' OR '),
    ),
  );
}

/** Like tokenMatch, for columns stored as written (reference identifiers). */
function tokenMatchRaw(
  ctx: CompileContext,
  value: string,
  a: string,
  systemColumn: string,
  valueColumn: string,
): string {
  const bar = value.indexOf('|');
  if (bar < 0) {
    return `${a}.${valueColumn} = ${ctx.params.add(value)}`;
  }
  const system = value.slice(0, bar);
  const code = value.slice(bar + 1);
  const systemMatch = system ? `${a}.${systemColumn} = ${ctx.params.add(system)}` : `${a}.${systemColumn} IS NULL`;
  return code ? `(${systemMatch} AND ${a}.${valueColumn} = ${ctx.params.add(code)})` : systemMatch;
}

// --------------------------------------------------------------------------------------------- date

/** The instant range a search date denotes: `2024` is the whole year, `2024-03-01T10:00` that minute. */
function searchDateRange(value: string, code: string): { start: string; end: string } {
  const period = toPeriod(value);
  if (!period?.start || !period.end) {
    return unsupported(`Invalid date value "${value}"`, code);
  }
  return { start: period.start, end: period.end };
}

/**
 * Condition on one stored range [low, high] for a date filter (R4 search.html#prefix):
 * eq/ne  the search range fully contains the stored range (ne: does not)
 * lt/gt  the stored range starts before / ends after the search range
 * le/ge  as lt/gt, or within it;  sa/eb  starts after its end / ends before its start
 * ap     overlaps the search range widened by 10% of its distance to now
 */
function dateRowCondition(
  ctx: CompileContext,
  operator: string,
  value: string,
  low: string,
  high: string,
  code: string,
): string {
  const { start, end } = searchDateRange(value, code);
  // Parameters are added only when used: an unused one has no type and PostgreSQL rejects the query.
  const s = (): string => `${ctx.params.add(start)}::timestamptz`;
  const e = (): string => `${ctx.params.add(end)}::timestamptz`;
  switch (operator) {
    case Operator.EQUALS:
    case Operator.NOT_EQUALS:
      return `(${low} >= ${s()} AND ${high} <= ${e()})`;
    case Operator.LESS_THAN:
      return `${low} < ${s()}`;
    case Operator.GREATER_THAN:
      return `${high} > ${e()}`;
    case Operator.LESS_THAN_OR_EQUALS:
      return `${low} <= ${e()}`;
    case Operator.GREATER_THAN_OR_EQUALS:
      return `${high} >= ${s()}`;
    case Operator.STARTS_AFTER:
      return `${low} > ${e()}`;
    case Operator.ENDS_BEFORE:
      return `${high} < ${s()}`;
    case Operator.APPROXIMATELY: {
      const now = Date.now();
      const margin = Math.max(Math.abs(now - Date.parse(start)), Math.abs(now - Date.parse(end))) * 0.1;
      const wideStart = new Date(Date.parse(start) - margin).toISOString();
      const wideEnd = new Date(Date.parse(end) + margin).toISOString();
      return `(${low} <= ${ctx.params.add(wideEnd)}::timestamptz AND ${high} >= ${ctx.params.add(wideStart)}::timestamptz)`;
    }
    default:
      return unsupported(`Prefix or modifier ${operator} is not supported for date parameter ${code}`, code);
  }
}

function compileDateCondition(ctx: CompileContext, filter: Filter, low: string, high: string, direct: boolean): string {
  const operator = filter.operator === Operator.NOT_EQUALS ? Operator.EQUALS : filter.operator;
  const any = values(filter)
    .map((v) => dateRowCondition(ctx, operator, v, low, high, filter.code))
    .join(' OR ');
  if (!direct) {
    return any;
  }
  return filter.operator === Operator.NOT_EQUALS ? `NOT (${any})` : `(${any})`;
}

function compileDate(ctx: CompileContext, param: IndexedParam, filter: Filter, r: string): string {
  return wrapNegation(
    filter,
    existsIn(ctx, 'idx_date', param, r, (a) => compileDateCondition(ctx, filter, `${a}.low`, `${a}.high`, false)),
  );
}

// ---------------------------------------------------------------------------------- number, quantity

/** A search number's implicit range from its precision: 100 → [99.5, 100.5), 1.50 → [1.495, 1.505). */
function numberRange(value: string, code: string): { value: number; low: number; high: number } {
  const trimmed = value.trim();
  const number = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(number)) {
    return unsupported(`Invalid number "${value}" for ${code}`, code);
  }
  const [mantissa, exponent] = trimmed.toLowerCase().split('e');
  const decimals = (mantissa.split('.')[1] ?? '').length - Number(exponent ?? 0);
  const half = 0.5 * 10 ** -decimals;
  return { value: number, low: number - half, high: number + half };
}

function numberRowCondition(ctx: CompileContext, operator: string, raw: string, column: string, code: string): string {
  const { value, low, high } = numberRange(raw, code);
  const v = (): string => `${ctx.params.add(value)}::numeric`;
  switch (operator) {
    case Operator.EQUALS:
    case Operator.NOT_EQUALS:
      return `(${column} >= ${ctx.params.add(low)}::numeric AND ${column} < ${ctx.params.add(high)}::numeric)`;
    case Operator.LESS_THAN:
    case Operator.ENDS_BEFORE:
      return `${column} < ${v()}`;
    case Operator.GREATER_THAN:
    case Operator.STARTS_AFTER:
      return `${column} > ${v()}`;
    case Operator.LESS_THAN_OR_EQUALS:
      return `${column} <= ${v()}`;
    case Operator.GREATER_THAN_OR_EQUALS:
      return `${column} >= ${v()}`;
    case Operator.APPROXIMATELY: {
      const margin = Math.abs(value) * 0.1;
      return `(${column} >= ${ctx.params.add(value - margin)}::numeric AND ${column} <= ${ctx.params.add(value + margin)}::numeric)`;
    }
    default:
      return unsupported(`Prefix or modifier ${operator} is not supported for ${code}`, code);
  }
}

function compileNumber(ctx: CompileContext, param: IndexedParam, filter: Filter, r: string): string {
  const operator = filter.operator === Operator.NOT_EQUALS ? Operator.EQUALS : filter.operator;
  return wrapNegation(
    filter,
    existsIn(ctx, 'idx_number', param, r, (a) =>
      values(filter)
        .map((v) => numberRowCondition(ctx, operator, v, `coalesce(${a}.low, ${a}.high)`, param.code))
        .join(' OR '),
    ),
  );
}

/** `[prefix]number|system|code`, `number||code` or `number`; the code matches a Quantity's code or unit. */
function quantityRowCondition(
  ctx: CompileContext,
  operator: string,
  raw: string,
  a: string,
  columns: { value: string; system: string; code: string; unit: string },
  code: string,
): string {
  const [number, system, unit] = raw.split('|');
  const parts = [numberRowCondition(ctx, operator, number, `${a}.${columns.value}`, code)];
  if (system) {
    parts.push(`${a}.${columns.system} = ${ctx.params.add(system.toLowerCase())}`);
  }
  if (unit) {
    const u = ctx.params.add(unit.toLowerCase());
    parts.push(`(${a}.${columns.code} = ${u} OR ${a}.${columns.unit} = ${u})`);
  }
  return `(${parts.join(' AND ')})`;
}

function compileQuantity(ctx: CompileContext, param: IndexedParam, filter: Filter, r: string): string {
  const operator = filter.operator === Operator.NOT_EQUALS ? Operator.EQUALS : filter.operator;
  const columns = { value: 'value', system: 'system', code: 'code', unit: 'unit' };
  return wrapNegation(
    filter,
    existsIn(ctx, 'idx_quantity', param, r, (a) =>
      values(filter)
        .map((v) => quantityRowCondition(ctx, operator, v, a, columns, param.code))
        .join(' OR '),
    ),
  );
}

// ---------------------------------------------------------------------------------------- composite

const PREFIXES = new Set(['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap']);

function splitPrefix(value: string): { operator: string; value: string } {
  const prefix = value.slice(0, 2);
  return PREFIXES.has(prefix) && /^[a-z]{2}[-\d]/.test(value)
    ? { operator: prefix, value: value.slice(2) }
    : { operator: Operator.EQUALS, value };
}

function compileComposite(ctx: CompileContext, param: IndexedParam, filter: Filter, r: string): string {
  if (filter.operator !== Operator.EQUALS) {
    return unsupported(
      `Modifier :${filter.operator} is not supported for composite parameter ${param.code}`,
      param.code,
    );
  }
  const second = param.components?.[1];
  return existsIn(ctx, 'idx_composite', param, r, (a) =>
    values(filter)
      .map((v) => {
        const dollar = v.indexOf('$');
        if (dollar < 0) {
          return unsupported(`Composite parameter ${param.code} needs a value of the form a$b`, param.code);
        }
        const first = tokenMatch(ctx, v.slice(0, dollar), a, 'c1_system', 'c1_value');
        const rest = v.slice(dollar + 1);
        let secondMatch: string;
        switch (second?.type) {
          case 'token':
            secondMatch = tokenMatch(ctx, rest, a, 'c2_system', 'c2_value');
            break;
          case 'quantity': {
            const { operator, value } = splitPrefix(rest);
            const columns = { value: 'c2_number', system: 'c2_system', code: 'c2_value', unit: 'c2_unit' };
            secondMatch = quantityRowCondition(ctx, operator, value, a, columns, param.code);
            break;
          }
          case 'date': {
            const { operator, value } = splitPrefix(rest);
            secondMatch = dateRowCondition(ctx, operator, value, `${a}.c2_low`, `${a}.c2_high`, param.code);
            break;
          }
          case 'string':
            secondMatch = `${a}.c2_value LIKE ${ctx.params.add(`${escapeLike(normalizeString(rest))}%`)}`;
            break;
          default:
            return unsupported(`Composite parameter ${param.code} is not supported`, param.code);
        }
        return `(${first} AND ${secondMatch})`;
      })
      .join(' OR '),
  );
}

// ------------------------------------------------------------------------------------------- chains

/** `subject:Patient.name=Jan`, `subject.organization.name=x`: a reference followed into its target. */
function compileChain(ctx: CompileContext, resourceType: string, filter: Filter, r: string): string | undefined {
  const dot = filter.code.indexOf('.');
  const head = filter.code.slice(0, dot);
  const rest = filter.code.slice(dot + 1);
  const [code, explicitType] = head.split(':');
  const param = ctx.registry.get(resourceType, code);
  if (!param) {
    return unknownParameter(ctx, resourceType, code);
  }
  if (param.type !== 'reference') {
    return unsupported(`Chained search needs a reference parameter, ${code} is ${param.type}`, filter.code);
  }
  const targets = param.definition.target ?? [];
  const targetType = explicitType ?? (targets.length === 1 ? targets[0] : undefined);
  if (!targetType) {
    return unsupported(
      `Chained parameter ${code} can point to ${targets.join(', ')}: name the type, e.g. ${code}:${targets[0]}.${rest}`,
      filter.code,
    );
  }
  const inner = parseSearchRequest(targetType, { [rest]: filter.value }).filters ?? [];
  const t = nextAlias('t');
  const conditions = compileFilters(ctx, targetType, inner, t);
  if (conditions.length === 0) {
    return undefined;
  }
  return existsIn(
    ctx,
    'idx_reference',
    param,
    r,
    (a) => `${a}.target_type = ${ctx.params.add(targetType)} AND EXISTS (SELECT 1 FROM resource ${t}
      WHERE ${t}.resource_type = ${a}.target_type AND ${t}.id = ${a}.target_id AND NOT ${t}.deleted
      AND ${conditions.join(' AND ')})`,
  );
}

/** `_has:Observation:patient:code=1234-5`: resources that another resource, matching a filter, refers to. */
function compileReverseChain(ctx: CompileContext, filter: Filter, r: string): string | undefined {
  const [, sourceType, referenceCode, ...restParts] = filter.code.split(':');
  const rest = restParts.join(':');
  if (!sourceType || !referenceCode || !rest) {
    return unsupported(`Invalid _has parameter "${filter.code}": use _has:Type:reference:parameter`, filter.code);
  }
  const param = ctx.registry.get(sourceType, referenceCode);
  if (param?.type !== 'reference') {
    return unknownParameter(ctx, sourceType, referenceCode);
  }
  const inner = parseSearchRequest(sourceType, { [rest]: filter.value }).filters ?? [];
  const s = nextAlias('s');
  const x = nextAlias('x');
  const conditions = compileFilters(ctx, sourceType, inner, s);
  return `EXISTS (SELECT 1 FROM idx_reference ${x} JOIN resource ${s} ON ${s}.rid = ${x}.rid
    WHERE ${x}.param = ${ctx.params.add(param.id)} AND ${x}.target_type = ${r}.resource_type AND ${x}.target_id = ${r}.id
    AND NOT ${s}.deleted${conditions.length ? ` AND ${conditions.join(' AND ')}` : ''})`;
}

// -------------------------------------------------------------------------------------------- sort

/** ORDER BY expressions; a resource without a value sorts last either way, ties keep insertion order. */
export function compileSort(ctx: CompileContext, resourceType: string, rules: SortRule[], r: string): string[] {
  const order: string[] = [];
  for (const rule of rules) {
    const direction = rule.descending ? 'DESC' : 'ASC';
    if (rule.code === '_id') {
      order.push(`${r}.id ${direction}`);
      continue;
    }
    if (rule.code === '_lastUpdated') {
      order.push(`${r}.last_updated ${direction}`);
      continue;
    }
    const param = ctx.registry.get(resourceType, rule.code);
    if (!param) {
      unknownParameter(ctx, resourceType, rule.code);
      continue;
    }
    const agg = rule.descending ? 'max' : 'min';
    const column: Record<string, string> = {
      token: 'value',
      string: 'normalized',
      reference: 'reference',
      date: rule.descending ? 'high' : 'low',
      number: 'coalesce(low, high)',
      quantity: 'value',
      uri: 'value',
    };
    if (!column[param.type]) {
      unsupported(`Sorting by ${param.type} parameter ${param.code} is not supported`, rule.code);
    }
    const a = nextAlias('o');
    order.push(
      `(SELECT ${agg}(${a}.${column[param.type]}) FROM ${TABLE_OF[param.type]} ${a} WHERE ${a}.rid = ${r}.rid AND ${a}.param = ${ctx.params.add(param.id)}) ${direction} NULLS LAST`,
    );
  }
  order.push(`${r}.rid ASC`);
  return order;
}

export { lowerOrNull };
