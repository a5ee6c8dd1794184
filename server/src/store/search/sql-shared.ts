// Building blocks shared by the search compilers: aliases, errors, EXISTS over an index table.
import type { Filter } from '@medplum/core';
import { badRequest, OperationOutcomeError, Operator, splitSearchOnComma } from '@medplum/core';
import { INDEX_TABLE, type IndexedParam } from './params.ts';
import type { CompileContext } from './sql.ts';

/** A fresh table alias; numbered per query, so the same search always yields the same SQL text. */
export function nextAlias(ctx: CompileContext, prefix: string): string {
  return `${prefix}${ctx.params.nextAlias()}`;
}

export function unknownParameter(ctx: CompileContext, resourceType: string, code: string): undefined {
  const message = `Unknown search parameter "${code}" for ${resourceType}`;
  if (ctx.lenientWarnings) {
    ctx.lenientWarnings.push(message);
    return undefined;
  }
  throw new OperationOutcomeError(badRequest(message, code));
}

export function unsupported(message: string, code: string): never {
  throw new OperationOutcomeError(badRequest(message, code));
}

export function existsIn(
  ctx: CompileContext,
  table: string,
  param: IndexedParam,
  r: string,
  where: (a: string) => string,
): string {
  const a = nextAlias(ctx, 'i');
  return `EXISTS (SELECT 1 FROM ${table} ${a} WHERE ${a}.rid = ${r}.rid AND ${rowsOf(ctx, param, a)} AND (${where(a)}))`;
}

/** The condition selecting a parameter's rows in an index table aliased `a` (its parts' rows for a union). */
export function rowsOf(ctx: CompileContext, param: IndexedParam, a: string): string {
  return param.rowIds.length === 1
    ? `${a}.param = ${ctx.params.add(param.rowIds[0])}`
    : `${a}.param = ANY(${ctx.params.add(param.rowIds)}::smallint[])`;
}

export function presenceCondition(ctx: CompileContext, param: IndexedParam, r: string): string {
  return existsIn(ctx, INDEX_TABLE[param.type], param, r, () => 'true');
}

/** Wraps a per-row condition: negating operators (:not, ne) exclude resources having a matching row. */
export function wrapNegation(filter: Filter, condition: string): string {
  return filter.operator === Operator.NOT || filter.operator === Operator.NOT_EQUALS ? `NOT ${condition}` : condition;
}

/** More OR values than this in one parameter is a 400 (it would also exceed PostgreSQL's bind limit). */
const MAX_VALUES_PER_PARAMETER = 1000;

export function values(filter: Filter): string[] {
  const list = splitSearchOnComma(filter.value);
  if (list.length > MAX_VALUES_PER_PARAMETER) {
    unsupported(`At most ${MAX_VALUES_PER_PARAMETER} values per search parameter (got ${list.length})`, filter.code);
  }
  return list;
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The usual shape of a filter: a resource matches when one of its index rows matches one of the
 * comma-separated values (R4 search.html#combining); :not / ne turn it into "no row matches".
 */
export function anyValueMatches(
  ctx: CompileContext,
  table: string,
  param: IndexedParam,
  filter: Filter,
  r: string,
  match: (alias: string, value: string) => string,
): string {
  return wrapNegation(
    filter,
    existsIn(ctx, table, param, r, (a) =>
      values(filter)
        .map((v) => match(a, v))
        .join(' OR '),
    ),
  );
}
