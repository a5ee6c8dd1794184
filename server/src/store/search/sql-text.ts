// SQL for the parameter types matched by text: _id, token, string, uri and reference (R4 search.html#token,
// #string, #uri, #reference).
import type { Filter } from '@medplum/core';
import { Operator } from '@medplum/core';
import { normalizeString, parseReference } from '../write/indexer.ts';
import type { IndexedParam } from './params.ts';
import type { CompileContext } from './sql.ts';
import { anyValueMatches, escapeLike, existsIn, unsupported, values } from './sql-shared.ts';

// ---------------------------------------------------------------------------------------------- _id

export function compileIdFilter(ctx: CompileContext, filter: Filter, r: string): string {
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

/**
 * `[code]`, `[system]|[code]`, `|[code]` (no system) or `[system]|` (R4 search.html#token) on a pair of
 * columns. Token index columns are stored in lower case (see indexer.ts); reference identifiers as written,
 * so they are compared with `asStored` = identity.
 */
export function tokenMatch(
  ctx: CompileContext,
  value: string,
  a: string,
  systemColumn: string,
  valueColumn: string,
  asStored: (text: string) => string = (text) => text.toLowerCase(),
): string {
  const bar = value.indexOf('|');
  if (bar < 0) {
    return `${a}.${valueColumn} = ${ctx.params.add(asStored(value))}`;
  }
  const system = value.slice(0, bar);
  const code = value.slice(bar + 1);
  if (!system && !code) {
    return 'false';
  }
  const systemMatch = system
    ? `${a}.${systemColumn} = ${ctx.params.add(asStored(system))}`
    : `${a}.${systemColumn} IS NULL`;
  return code ? `(${systemMatch} AND ${a}.${valueColumn} = ${ctx.params.add(asStored(code))})` : systemMatch;
}

export function compileToken(ctx: CompileContext, param: IndexedParam, filter: Filter, r: string): string {
  switch (filter.operator) {
    case Operator.EQUALS:
    case Operator.NOT:
    case Operator.NOT_EQUALS:
      return anyValueMatches(ctx, 'idx_token', param, filter, r, (a, v) => tokenMatch(ctx, v, a, 'system', 'value'));
    case Operator.TEXT:
      // :text matches the display/text at the start of any word ("diab" finds "Type 2 diabetes").
      return existsIn(ctx, 'idx_token', param, r, (a) =>
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

export function compileString(ctx: CompileContext, param: IndexedParam, filter: Filter, r: string): string {
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
  return anyValueMatches(ctx, 'idx_string', param, filter, r, (a, v) => match(a, v));
}

// ---------------------------------------------------------------------------------------------- uri

export function compileUri(ctx: CompileContext, param: IndexedParam, filter: Filter, r: string): string {
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
  return anyValueMatches(ctx, 'idx_uri', param, filter, r, (a, v) => match(a, v));
}

// ---------------------------------------------------------------------------------------- reference

export function compileReference(ctx: CompileContext, param: IndexedParam, filter: Filter, r: string): string {
  if (filter.operator === Operator.IDENTIFIER) {
    return existsIn(ctx, 'idx_reference', param, r, (a) =>
      values(filter)
        .map((v) => tokenMatch(ctx, v, a, 'identifier_system', 'identifier_value', (text) => text))
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
      // A bare id matches that id in any target type the parameter allows, or its only type when it has one.
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
  return anyValueMatches(ctx, 'idx_reference', param, filter, r, (a, v) => match(a, v));
}
