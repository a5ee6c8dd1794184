// Translates a parsed FHIR search (@medplum/core SearchRequest) into SQL over the idx_* tables.
// https://hl7.org/fhir/R4/search.html — each filter becomes an EXISTS (or NOT EXISTS) over the index
// table of its parameter type, correlated to the resource row; OR within a parameter (comma values)
// stays inside one EXISTS, AND between parameters is AND between conditions.
import type { Filter, SortRule } from '@medplum/core';
import { Operator, parseSearchRequest } from '@medplum/core';
import { INDEX_TABLE, type SearchParamRegistry } from './params.ts';
import { compileComposite, compileDate, compileDateCondition, compileNumber, compileQuantity } from './sql-ordered.ts';
import { existsIn, nextAlias, presenceCondition, rowsOf, unknownParameter, unsupported } from './sql-shared.ts';
import { compileIdFilter, compileReference, compileString, compileToken, compileUri } from './sql-text.ts';

/** Collects positional parameters, and numbers table aliases, while SQL text is built. */
export class SqlParams {
  readonly values: unknown[] = [];
  private aliases = 0;

  nextAlias(): number {
    return ++this.aliases;
  }

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
  /** Access control: the condition on a row of `resourceType` (alias `r`) the caller may see, or undefined. */
  readonly rowFilter?: RowFilter;
}

/** Throws when the caller may not search `resourceType` at all; `bind` adds a query parameter. */
export type RowFilter = (resourceType: string, r: string, bind: (value: unknown) => string) => string | undefined;

/** The caller's row condition on `r`, if any, as a list to spread into a condition list. */
export function rowFilterConditions(ctx: CompileContext, resourceType: string, r: string): string[] {
  const condition = ctx.rowFilter?.(resourceType, r, (value) => ctx.params.add(value));
  return condition === undefined ? [] : [condition];
}

/** SQL conditions (on resource alias `r`) for the filters of a search on one resource type. */
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

// ------------------------------------------------------------------------------------------- chains

/** `subject:Patient.name=Jan`, `subject.organization.name=x`: a reference followed into its target. */
/** Chains and reverse chains deeper than this are refused: each level is another join per resource. */
const MAX_CHAIN_DEPTH = 4;

function assertChainDepth(filter: Filter): void {
  const depth = filter.code.split('.').length - 1 + filter.code.split('_has:').length - 1;
  if (depth > MAX_CHAIN_DEPTH) {
    unsupported(`Chains may be at most ${MAX_CHAIN_DEPTH} levels deep`, filter.code);
  }
}

function compileChain(ctx: CompileContext, resourceType: string, filter: Filter, r: string): string | undefined {
  assertChainDepth(filter);
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
  const t = nextAlias(ctx, 't');
  const conditions = compileFilters(ctx, targetType, inner, t);
  if (conditions.length === 0) {
    return undefined;
  }
  // A chain may only look at targets the caller could search itself, or it would leak their values.
  conditions.push(...rowFilterConditions(ctx, targetType, t));
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
  assertChainDepth(filter);
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
  const s = nextAlias(ctx, 's');
  const x = nextAlias(ctx, 'x');
  const conditions = compileFilters(ctx, sourceType, inner, s);
  if (inner.length > 0 && conditions.length === 0) {
    return undefined; // every inner parameter was unknown and dropped (lenient): no constraint, as for chains
  }
  conditions.push(...rowFilterConditions(ctx, sourceType, s));
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
    const a = nextAlias(ctx, 'o');
    const column: Record<string, string> = {
      token: `${a}.value`,
      string: `${a}.normalized`,
      reference: `${a}.reference`,
      // An open end (a Period without end, indexed as +infinity) sorts by its start in a descending sort, or
      // every Encounter recorded without period.end would come first, in no order.
      date: rule.descending ? `coalesce(nullif(${a}.high, 'infinity'), ${a}.low)` : `${a}.low`,
      number: `coalesce(${a}.low, ${a}.high)`,
      quantity: `${a}.value`,
      uri: `${a}.value`,
    };
    if (!column[param.type]) {
      unsupported(`Sorting by ${param.type} parameter ${param.code} is not supported`, rule.code);
    }
    const value = column[param.type];
    order.push(
      `(SELECT ${agg}(${value}) FROM ${INDEX_TABLE[param.type]} ${a} WHERE ${a}.rid = ${r}.rid AND ${rowsOf(ctx, param, a)}) ${direction} NULLS LAST`,
    );
  }
  order.push(`${r}.rid ASC`);
  return order;
}
