// SQL for the ordered parameter types, compared with prefixes (R4 search.html#prefix): date, number and
// quantity, and composites (a token paired with any of these).
import type { Filter } from '@medplum/core';
import { Operator, toPeriod } from '@medplum/core';
import { normalizeString } from '../write/indexer.ts';
import type { IndexedParam } from './params.ts';
import type { CompileContext } from './sql.ts';
import { anyValueMatches, escapeLike, existsIn, unsupported, values, wrapNegation } from './sql-shared.ts';
import { tokenMatch } from './sql-text.ts';

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

export function compileDateCondition(
  ctx: CompileContext,
  filter: Filter,
  low: string,
  high: string,
  direct: boolean,
): string {
  const operator = filter.operator === Operator.NOT_EQUALS ? Operator.EQUALS : filter.operator;
  const any = values(filter)
    .map((v) => dateRowCondition(ctx, operator, v, low, high, filter.code))
    .join(' OR ');
  if (!direct) {
    return any;
  }
  return filter.operator === Operator.NOT_EQUALS ? `NOT (${any})` : `(${any})`;
}

export function compileDate(ctx: CompileContext, param: IndexedParam, filter: Filter, r: string): string {
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

export function compileNumber(ctx: CompileContext, param: IndexedParam, filter: Filter, r: string): string {
  const operator = filter.operator === Operator.NOT_EQUALS ? Operator.EQUALS : filter.operator;
  return anyValueMatches(ctx, 'idx_number', param, filter, r, (a, v) =>
    numberRowCondition(ctx, operator, v, `coalesce(${a}.low, ${a}.high)`, param.code),
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

export function compileQuantity(ctx: CompileContext, param: IndexedParam, filter: Filter, r: string): string {
  const operator = filter.operator === Operator.NOT_EQUALS ? Operator.EQUALS : filter.operator;
  const columns = { value: 'value', system: 'system', code: 'code', unit: 'unit' };
  return anyValueMatches(ctx, 'idx_quantity', param, filter, r, (a, v) =>
    quantityRowCondition(ctx, operator, v, a, columns, param.code),
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

export function compileComposite(ctx: CompileContext, param: IndexedParam, filter: Filter, r: string): string {
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
