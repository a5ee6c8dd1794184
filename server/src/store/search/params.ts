// The search parameters this server indexes: every R4 SearchParameter of every resource type, as
// loaded into @medplum/core's global schema, minus the ones that are columns (_id, _lastUpdated), that
// R4 leaves to the server (special) or that are not R4 (Medplum's own).
import { getResourceTypes, globalSchema } from '@medplum/core';
import type { SearchParameter } from '@medplum/fhirtypes';
import type { Database, SqlRunner } from '../database/database.ts';
import { getSearchParameterByUrl, loadFhirDefinitions } from '../validation/fhir-definitions.ts';
import type { DerivedIndex } from '../write/derived-index.ts';
import { type CompiledExpression, compileSearchExpression } from './expression.ts';

export type IndexedParamType = 'token' | 'string' | 'date' | 'reference' | 'number' | 'quantity' | 'uri' | 'composite';

export interface CompositeComponent {
  readonly type: IndexedParamType;
  readonly expression: string;
  readonly evaluate: CompiledExpression;
}

export interface IndexedParam {
  /** Small integer key used in the idx_* tables. */
  readonly id: number;
  readonly resourceType: string;
  readonly code: string;
  readonly type: IndexedParamType;
  readonly expression: string;
  /** The expression, compiled (search-expression.ts). */
  readonly evaluate: CompiledExpression;
  readonly definition: SearchParameter;
  /**
   * Top-level element names the expression reads; a resource lacking all of them has no value for
   * this parameter, so the indexer skips evaluating it. Undefined when the expression cannot be
   * analysed that way (then it is always evaluated).
   */
  readonly topLevelElements: readonly string[] | undefined;
  readonly components?: readonly CompositeComponent[];
  /**
   * For a parameter R4 defines as the union of others (Observation `combo-code` is `Observation.code |
   * Observation.component.code`, i.e. `code` + `component-code`): those parts. Such a parameter stores no
   * index rows of its own (they would repeat its parts' rows) and is answered from its parts' rows.
   */
  readonly unionOf?: readonly IndexedParam[];
  /** The `param` keys of the index rows that answer this parameter: its own id, or its parts' ids. */
  readonly rowIds: readonly number[];
}

/**
 * Expressions this server indexes beyond R4's. R4 Provenance's `patient` finds only a Patient among the
 * targets, so a Provenance of a patient's record (whose targets are Encounters, Goals…) lay in no patient's
 * compartment and every practice could read it. R5 added Provenance.patient; R4 data carries it as the
 * cross-version extension, indexed here under the same parameter, so the Provenance joins its patient's
 * compartment (the access rules and the patient export follow).
 */
const EXPRESSION_EXTENSIONS: Readonly<Record<string, string>> = {
  'Provenance.patient':
    "Provenance.extension('http://hl7.org/fhir/5.0/StructureDefinition/extension-Provenance.patient').value",
};

/** Parameters answered from resource columns or not indexed at all. */
const NOT_INDEXED = new Set([
  '_id',
  '_lastUpdated',
  '_compartment',
  '_project',
  '_text',
  '_content',
  '_list',
  '_query',
  '_filter',
  '_has',
  '_type',
]);
const INDEXED_TYPES = new Set<string>([
  'token',
  'string',
  'date',
  'reference',
  'number',
  'quantity',
  'uri',
  'composite',
]);

export class SearchParamRegistry {
  private readonly byType = new Map<string, Map<string, IndexedParam>>();
  /** Tables of facts derived from resources, written together with the search index. */
  readonly derivedIndexes: readonly DerivedIndex[];

  private constructor(derivedIndexes: readonly DerivedIndex[]) {
    this.derivedIndexes = derivedIndexes;
  }

  /** Loads the parameter ids from the database, registering new parameters first (idempotent). */
  static async load(
    db: Database | SqlRunner,
    derivedIndexes: readonly DerivedIndex[] = [],
  ): Promise<SearchParamRegistry> {
    loadFhirDefinitions();
    const definitions: SearchParameter[] = [];
    for (const resourceType of getResourceTypes()) {
      for (const param of Object.values(globalSchema.types[resourceType]?.searchParams ?? {})) {
        if (!NOT_INDEXED.has(param.code) && INDEXED_TYPES.has(param.type) && param.expression) {
          const extra = EXPRESSION_EXTENSIONS[`${resourceType}.${param.code}`];
          const expression = extra ? `${param.expression} | ${extra}` : param.expression;
          definitions.push({ ...param, base: [resourceType], expression });
        }
      }
    }
    await registerParams(db, definitions);
    const rows = await db.query<{ param: number; resource_type: string; code: string }>(
      'SELECT param, resource_type, code FROM search_param',
    );
    const ids = new Map(rows.map((row) => [`${row.resource_type}|${row.code}`, row.param]));
    const registry = new SearchParamRegistry(derivedIndexes);
    const byUrl = getSearchParameterByUrl();
    for (const definition of definitions) {
      const resourceType = definition.base[0];
      const { expression, topLevelElements } = analyseExpression(resourceType, definition.expression as string);
      const param: IndexedParam = {
        id: ids.get(`${resourceType}|${definition.code}`) as number,
        resourceType,
        code: definition.code,
        type: definition.type as IndexedParamType,
        expression,
        evaluate: compileSearchExpression(expression),
        definition,
        topLevelElements,
        rowIds: [ids.get(`${resourceType}|${definition.code}`) as number],
        components:
          definition.type === 'composite'
            ? definition.component?.map((component) => ({
                type: (byUrl.get(component.definition)?.type ?? 'token') as IndexedParamType,
                expression: component.expression,
                evaluate: compileSearchExpression(component.expression),
              }))
            : undefined,
      };
      let params = registry.byType.get(resourceType);
      if (!params) {
        params = new Map();
        registry.byType.set(resourceType, params);
      }
      params.set(param.code, param);
    }
    for (const params of registry.byType.values()) {
      for (const param of [...params.values()]) {
        const unionOf = unionParts(param, params);
        if (unionOf) {
          params.set(param.code, { ...param, unionOf, rowIds: unionOf.flatMap((part) => part.rowIds) });
        }
      }
    }
    await dropRowsOfUnionParams(db, registry);
    return registry;
  }

  /** Every indexed parameter of a resource type. */
  paramsOf(resourceType: string): Iterable<IndexedParam> {
    return this.byType.get(resourceType)?.values() ?? [];
  }

  get(resourceType: string, code: string): IndexedParam | undefined {
    return this.byType.get(resourceType)?.get(code);
  }

  /** The idx_* key of a parameter that must be indexed (SQL written against the index names it). */
  idOf(resourceType: string, code: string): number {
    const param = this.get(resourceType, code);
    if (!param) {
      throw new Error(`search parameter ${resourceType}.${code} is not indexed`);
    }
    if (param.unionOf) {
      throw new Error(`search parameter ${resourceType}.${code} has no index rows of its own`);
    }
    return param.id;
  }

  /** Every parameter stored as the union of others (see IndexedParam.unionOf). */
  unionParams(): IndexedParam[] {
    return [...this.byType.values()].flatMap((params) => [...params.values()].filter((param) => param.unionOf));
  }
}

/**
 * Adds the parameters the table lacks, under the migration lock when `db` can open a transaction. Only
 * missing ones are inserted: `ON CONFLICT DO NOTHING` alone draws a sequence value for every row, which
 * used up the smallint ids after a couple of dozen starts. A sequence that ran ahead that way is set back.
 */
async function registerParams(db: Database | SqlRunner, definitions: readonly SearchParameter[]): Promise<void> {
  const register = async (sql: SqlRunner): Promise<void> => {
    if ('transaction' in db) {
      await sql.query('SELECT pg_advisory_xact_lock(7281)');
    }
    await sql.query(
      `SELECT setval(pg_get_serial_sequence('search_param', 'param'), max(param)) FROM search_param
       HAVING max(param) < (SELECT last_value FROM search_param_param_seq) - 1000`,
    );
    await sql.query(
      `INSERT INTO search_param (resource_type, code)
       SELECT d.resource_type, d.code FROM unnest($1::text[], $2::text[]) AS d(resource_type, code)
       WHERE NOT EXISTS (SELECT 1 FROM search_param s WHERE s.resource_type = d.resource_type AND s.code = d.code)
       ON CONFLICT (resource_type, code) DO NOTHING`,
      [definitions.map((d) => d.base[0]), definitions.map((d) => d.code)],
    );
  };
  await ('transaction' in db ? db.transaction(register) : register(db));
}

/** What makes two parameters' index rows interchangeable: the same type and the same components. */
function rowShape(param: IndexedParam): string {
  return [param.type, ...(param.components ?? []).map((c) => `${c.type}:${c.expression}`)].join('|');
}

/**
 * The parameters whose expressions, joined by `|`, are this parameter's expression (consecutive branches,
 * longest first), when every branch is covered by a parameter of the same row shape; otherwise undefined.
 */
function unionParts(param: IndexedParam, params: ReadonlyMap<string, IndexedParam>): IndexedParam[] | undefined {
  const branches = param.expression.split('|').map((branch) => branch.trim());
  if (branches.length < 2 || param.type === 'reference') {
    // Reference parameters also drive includes, chains and compartments by their own id: kept as they are.
    return undefined;
  }
  const shape = rowShape(param);
  const byExpression = new Map<string, IndexedParam>();
  for (const other of params.values()) {
    if (other !== param && !other.unionOf && rowShape(other) === shape) {
      byExpression.set(other.expression, other);
    }
  }
  const parts: IndexedParam[] = [];
  for (let start = 0; start < branches.length; ) {
    let end = branches.length;
    while (end > start && !byExpression.has(branches.slice(start, end).join(' | '))) {
      end -= 1;
    }
    if (end === start) {
      return undefined;
    }
    parts.push(byExpression.get(branches.slice(start, end).join(' | ')) as IndexedParam);
    start = end;
  }
  return parts.length > 1 ? parts : undefined;
}

/**
 * Deletes the index rows that union parameters got from earlier versions of this server (once: the
 * parameter's `has_own_rows` flag is cleared afterwards).
 */
async function dropRowsOfUnionParams(db: Database | SqlRunner, registry: SearchParamRegistry): Promise<void> {
  const unions = registry.unionParams();
  const stale = await db.query<{ param: number }>(
    'SELECT param FROM search_param WHERE has_own_rows AND param = ANY($1::smallint[])',
    [unions.map((param) => param.id)],
  );
  if (stale.length === 0) {
    return;
  }
  const drop = async (sql: SqlRunner): Promise<void> => {
    if ('transaction' in db) {
      await sql.query('SELECT pg_advisory_xact_lock(7281)');
    }
    const ids = stale.map((row) => row.param);
    for (const table of new Set(unions.map((param) => INDEX_TABLE[param.type]))) {
      await sql.query(`DELETE FROM ${table} WHERE param = ANY($1::smallint[])`, [ids]);
    }
    await sql.query('UPDATE search_param SET has_own_rows = false WHERE param = ANY($1::smallint[])', [ids]);
  };
  await ('transaction' in db ? db.transaction(drop) : drop(db));
}

/** The index table of each parameter type (a token's `:text` texts are a column of its rows). */
export const INDEX_TABLE: Record<IndexedParamType, string> = {
  token: 'idx_token',
  string: 'idx_string',
  reference: 'idx_reference',
  date: 'idx_date',
  number: 'idx_number',
  quantity: 'idx_quantity',
  uri: 'idx_uri',
  composite: 'idx_composite',
};

/**
 * Narrows a shared expression ("Account.subject | CarePlan.subject | …") to the branches of one type and
 * finds the top-level elements they start from, e.g. `subject` for `CarePlan.subject.where(…)` and
 * `value` for `(Observation.value as Quantity)`.
 */
function analyseExpression(
  resourceType: string,
  expression: string,
): { expression: string; topLevelElements: string[] | undefined } {
  const parts = expression.split('|').map((part) => part.trim());
  const ownParts: string[] = [];
  const elements = new Set<string>();
  for (const part of parts) {
    const match = /^\(*([A-Za-z]+)\.([a-z][A-Za-z0-9]*)/.exec(part);
    if (!match) {
      return { expression, topLevelElements: undefined };
    }
    if (match[1] === resourceType) {
      ownParts.push(part);
      elements.add(match[2]);
    }
  }
  if (ownParts.length === 0) {
    return { expression, topLevelElements: undefined };
  }
  return { expression: ownParts.join(' | '), topLevelElements: [...elements] };
}
