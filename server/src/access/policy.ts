// The access policy: the one place that decides what a token may do. Scopes (SMART v1/v2) decide resource
// types and interactions; the caller's role and organization decide the compartment of rows it may touch,
// as a SQL condition (compartments.ts) that the store puts into every read, search, include, history and
// export query, and checks before and after every write inside the write's transaction.
import { createHash } from 'node:crypto';
import { isResourceType, notFound, OperationOutcomeError } from '@medplum/core';
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { AccessFilter, RowDenial, RowPlan } from '../store/access-filter.ts';
import type { QueryOptions, SqlRunner } from '../store/database/database.ts';
import { readStoredRow, type StoredRow } from '../store/reads.ts';
import type { SearchParamRegistry } from '../store/search/params.ts';
import { ownAuditSql, patientAuditSql, practiceAuditSql } from './audit-visibility.ts';
import {
  type Bind,
  compartmentParams,
  notPracticeInternal,
  partnerSql,
  patientCompartmentSql,
  patientWriteSql,
  practiceSql,
  practiceWriteSql,
} from './compartments.ts';
import type { AuthContext } from './context.ts';
import {
  CONFORMANCE_TYPES,
  hasChangeLimits,
  refusedChange,
  roleMayWrite,
  type WriterKind,
  writerKind,
} from './roles.ts';
import type { Interaction, ScopeContext } from './scopes.ts';

/** Definitional resources: readable by every token whose scopes name them; changed only with system/ scopes. */
export { CONFORMANCE_TYPES } from './roles.ts';

const CONFORMANCE = new Set(CONFORMANCE_TYPES);
const CONTEXTS: readonly ScopeContext[] = ['system', 'user', 'patient'];
const WRITES = new Set<Interaction>(['c', 'u', 'd']);
const NAMES: Record<Interaction, string> = { c: 'create', r: 'read', u: 'update', d: 'delete', s: 'search' };
/** The audit trail: written by the server only, never changed (NEN 7513); see auditCompartment for reading. */
const AUDIT_EVENT = 'AuditEvent';
const ROLE_NAMES: Record<WriterKind, string> = {
  administrator: 'The administrator',
  practice: 'Practice staff',
  patient: 'A patient',
  partner: 'A partner',
  none: 'A token without a TARGET role',
};

export function forbidden(text: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    id: 'forbidden',
    issue: [{ severity: 'error', code: 'forbidden', details: { text } }],
  };
}

const TRUE = 'TRUE';
const FALSE = 'FALSE';

function and(...conditions: string[]): string {
  const parts = conditions.filter((c) => c !== TRUE && c !== '');
  if (parts.includes(FALSE)) {
    return FALSE;
  }
  return parts.length === 0 ? TRUE : parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
}

function or(...conditions: string[]): string {
  const parts = conditions.filter((c) => c !== FALSE && c !== '');
  if (parts.includes(TRUE)) {
    return TRUE;
  }
  return parts.length === 0 ? FALSE : parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
}

/**
 * A row check's statement is prepared once per connection under a name of its text: its text depends only on
 * the caller's role and scopes, and planning it (the access rule is long) costs more than running it.
 */
function preparedOnce(text: string): QueryOptions {
  return { name: `target_access_${createHash('sha1').update(text).digest('hex').slice(0, 16)}` };
}

/**
 * Binds the values of a prepared row check: search-parameter numbers (integers and integer arrays, the
 * registry's, fixed for the process; no value from a token or a request is a number) are written into the
 * text as literals, everything else (ids, the caller's organization) stays a parameter. With those
 * numbers known PostgreSQL's generic plan costs the same as a custom one, so after five runs the connection
 * reuses it instead of planning the long rule again for every request (planning took ~0.8 ms of a ~0.9 ms
 * check).
 */
function bindingConstants(params: unknown[]): Bind {
  return (value) => {
    if (Number.isInteger(value)) {
      return String(value);
    }
    if (Array.isArray(value) && value.length > 0 && value.every((v) => Number.isInteger(v))) {
      return `'{${value.join(',')}}'`;
    }
    return `$${params.push(value)}`;
  };
}

/** What a resource type's name is made of (R4: letters only), checked before one is written into SQL text. */
const RESOURCE_TYPE_NAME = /^[A-Z][A-Za-z]{1,63}$/;

export class AccessPolicy implements AccessFilter {
  /** No token: the server's own work (start-up, jobs, commands, tests arranging data). */
  static readonly unrestricted = new AccessPolicy(undefined, undefined);

  readonly auth: AuthContext | undefined;
  private readonly registry: SearchParamRegistry | undefined;

  private constructor(auth: AuthContext | undefined, registry: SearchParamRegistry | undefined) {
    this.auth = auth;
    this.registry = registry;
  }

  /** The policy of a caller; undefined (no token) is the server itself. */
  static of(auth: AuthContext | undefined, registry: SearchParamRegistry): AccessPolicy {
    return auth ? new AccessPolicy(auth, registry) : AccessPolicy.unrestricted;
  }

  /**
   * The policy behind a repository's access filter (store/access-filter.ts). This server gives its
   * repositories no other kind (fhir/http.ts per request, open-server-store.ts for its own work).
   */
  static from(filter: AccessFilter): AccessPolicy {
    if (!(filter instanceof AccessPolicy)) {
      throw new Error('The repository applies an access filter that is not an AccessPolicy');
    }
    return filter;
  }

  /** Whether anything is limited at all: false for the server itself and system tokens without organization. */
  get restricted(): boolean {
    const auth = this.auth;
    if (!auth) {
      return false;
    }
    return !(
      auth.role === 'system' &&
      !auth.organization &&
      auth.scopes.typesFor('system', 'r') === '*' &&
      (['c', 'u', 'd', 's'] as Interaction[]).every((i) => auth.scopes.typesFor('system', i) === '*')
    );
  }

  /**
   * Whether the caller may search a whole practice's records: a practice user with user/ scopes. Its visible
   * set is thousands of patients' records, so a page of a broad search is found sooner by probing candidates
   * than by listing all it may see (store/search/row-plan.ts); a patient's, a partner's or a launch
   * patient's set is small, and listing it first is the cheaper way.
   */
  get seesAPractice(): boolean {
    const types = this.auth?.scopes.typesFor('user', 's');
    return this.kind === 'practice' && types !== undefined && (types === '*' || types.length > 0);
  }

  /** Whether the scopes allow `interaction` on `resourceType` (in some compartment). */
  permits(resourceType: string, interaction: Interaction): boolean {
    if (resourceType === AUDIT_EVENT && WRITES.has(interaction)) {
      // Immutable for everyone; created by the server itself (audit/writer.ts), never by a token.
      return interaction === 'c' && !this.auth;
    }
    const scopes = this.auth?.scopes;
    if (!scopes) {
      return true;
    }
    if (WRITES.has(interaction) && !roleMayWrite(this.kind, resourceType, interaction)) {
      return false; // The role's ceiling (roles.ts), whatever the scopes say.
    }
    if (WRITES.has(interaction) && CONFORMANCE.has(resourceType)) {
      return scopes.permits(resourceType, interaction, 'system');
    }
    return scopes.permits(resourceType, interaction);
  }

  /** What kind of writer the caller is (roles.ts); the server itself is the administrator. */
  get kind(): WriterKind {
    return this.auth ? writerKind(this.auth.role, this.auth.organization) : 'administrator';
  }

  /** Whether this caller's updates of `resourceType` are limited to some elements (so the old version counts). */
  limitsChanges(resourceType: string): boolean {
    return this.auth !== undefined && hasChangeLimits(this.kind, resourceType);
  }

  /**
   * 403 unless the caller's role may turn `before` (undefined for a create) into `after`: the elements a
   * limited role may change (a partner a Task's status, a patient a Goal's progress) and the values allowed.
   */
  assertChange(before: Resource | undefined, after: Resource): void {
    if (!this.auth) {
      return;
    }
    const self = this.auth.fhirUser ?? (this.auth.patient ? `Patient/${this.auth.patient}` : undefined);
    const refused = refusedChange(this.kind, before, after, self, this.auth.organization);
    if (refused) {
      throw new OperationOutcomeError(forbidden(`${after.resourceType}: ${refused}`));
    }
  }

  /** 403 unless the scopes allow `interaction` on `resourceType`. */
  assertPermits(resourceType: string, interaction: Interaction): void {
    if (!this.permits(resourceType, interaction)) {
      if (resourceType === AUDIT_EVENT && WRITES.has(interaction)) {
        throw new OperationOutcomeError(forbidden('AuditEvents are written by the server only and never changed'));
      }
      if (WRITES.has(interaction) && !roleMayWrite(this.kind, resourceType, interaction)) {
        throw new OperationOutcomeError(
          forbidden(
            `${ROLE_NAMES[this.kind]} may not ${NAMES[interaction]} ${resourceType} (whatever the token's scopes)`,
          ),
        );
      }
      const system = WRITES.has(interaction) && CONFORMANCE.has(resourceType) ? ' (needs a system/ scope)' : '';
      throw new OperationOutcomeError(
        forbidden(`The access token's scopes do not allow ${NAMES[interaction]} on ${resourceType}${system}`),
      );
    }
  }

  /**
   * SQL condition on `resource` row `r` for the rows this caller may `interaction`; undefined when nothing is
   * limited. With `resourceType` the row is known to be of that type (and the scopes are checked for it).
   */
  rowCondition(
    r: string,
    interaction: Interaction,
    bind: Bind,
    resourceType?: string,
    plan: RowPlan = 'set',
  ): string | undefined {
    const auth = this.auth;
    if (!auth || !this.registry) {
      return undefined;
    }
    // Values are bound lazily: a branch that simplifies away must not leave an unused (untyped) parameter.
    const values: unknown[] = [];
    const local: Bind = (value) => `⟦${values.push(value) - 1}⟧`;
    const branches: string[] = [];
    for (const context of CONTEXTS) {
      const types = auth.scopes.typesFor(context, interaction);
      if (resourceType !== undefined && types !== '*' && !types.includes(resourceType)) {
        continue;
      }
      if (types !== '*' && types.length === 0) {
        continue;
      }
      const typeCondition =
        resourceType !== undefined || types === '*' ? TRUE : `${r}.resource_type = ANY(${local(types)}::text[])`;
      branches.push(and(typeCondition, this.contextCondition(r, context, interaction, local, resourceType, plan)));
    }
    const condition = or(...branches);
    if (condition === TRUE) {
      return undefined;
    }
    const placeholders = new Map<string, string>();
    return condition.replace(/⟦(\d+)⟧/g, (_m, index: string) => {
      let placeholder = placeholders.get(index);
      if (!placeholder) {
        placeholder = bind(values[Number(index)]);
        placeholders.set(index, placeholder);
      }
      return placeholder;
    });
  }

  /**
   * Throws unless the current version of `resourceType/id` (for a deleted resource: its last version, whose
   * references it keeps) lies in the caller's compartment for `interaction`. `denied` says how a refusal
   * answers: `hidden` 404, as for an id that does not exist (reads, patch and delete: no existence oracle);
   * `target` 403 (an update: a PUT of an unknown id creates it, so its answer differs anyway); `result` 403
   * for what a write would make of the resource, which the caller wrote itself.
   */
  async assertRow(
    sql: SqlRunner,
    resourceType: string,
    id: string,
    interaction: Interaction,
    denied: RowDenial = 'hidden',
  ): Promise<void> {
    const rows = await this.checkedRows(sql, resourceType, id, interaction, '1');
    if (rows === undefined) {
      return;
    }
    if (rows.length === 0) {
      throw new OperationOutcomeError(
        denied === 'hidden'
          ? notFound
          : forbidden(
              `${resourceType}/${id} ${denied === 'result' ? 'would be' : 'is'} outside what this access token may ${NAMES[interaction]}`,
            ),
      );
    }
  }

  /**
   * The current row of `resourceType/id` (content as JSON text, and whether it is a delete) if the caller may
   * read it; undefined when there is none or the caller may not see it (both answer 404: no existence oracle).
   * One statement instead of a read and then a check: a read by id is the most frequent request there is.
   */
  async readRow(sql: SqlRunner, resourceType: string, id: string): Promise<StoredRow | undefined> {
    const rows = await this.checkedRows<StoredRow>(
      sql,
      resourceType,
      id,
      'r',
      'acc_row.content::text AS json, acc_row.deleted',
    );
    return rows === undefined ? readStoredRow(sql, resourceType, id) : rows[0];
  }

  /**
   * `select` of the current row of `resourceType/id` if it lies in the caller's compartment for `interaction`
   * (no rows if not); undefined when nothing limits this caller there, so that no statement was run.
   */
  private async checkedRows<Row>(
    sql: SqlRunner,
    resourceType: string,
    id: string,
    interaction: Interaction,
    select: string,
  ): Promise<Row[] | undefined> {
    this.assertPermits(resourceType, interaction);
    // The type goes into the statement's text (one prepared statement per type: its generic plan is then as
    // good as a custom one; with the type as a parameter reads ran ~20% slower). A batch entry's URL can name
    // any text as its type: only the server's resource types get this far, whatever else has no rows.
    if (!isResourceType(resourceType) || !RESOURCE_TYPE_NAME.test(resourceType)) {
      throw new OperationOutcomeError(notFound);
    }
    const params: unknown[] = [id];
    const condition = this.rowCondition('acc_row', interaction, bindingConstants(params), resourceType, 'anchored');
    if (condition === undefined) {
      return undefined;
    }
    const text = `SELECT ${select} FROM resource acc_row WHERE acc_row.resource_type = '${resourceType}' AND acc_row.id = $1 AND ${condition}`;
    return sql.query<Row>(text, params, preparedOnce(text));
  }

  /**
   * 403 when a restricted caller would create Patient `id` while stored records already name it (an import
   * whose Patient failed, say): the new Patient would hand them to whoever chose the id. Only the
   * administrator creates such a Patient.
   */
  async assertUnclaimedPatient(sql: SqlRunner, id: string): Promise<void> {
    if (!this.restricted || !this.registry) {
      return;
    }
    const [claimed] = await sql.query(
      `SELECT 1 FROM idx_reference WHERE param = ANY($1::smallint[]) AND target_id = $2 AND target_type = 'Patient'
       LIMIT 1`,
      [compartmentParams(this.registry), id],
    );
    if (claimed) {
      throw new OperationOutcomeError(
        forbidden(`Patient/${id} is named by stored records: only an administrator may create it`),
      );
    }
  }

  /** Of `keys` (`Type/id`), those whose current versions the caller may `interaction`. */
  async allowedKeys(sql: SqlRunner, keys: readonly string[], interaction: Interaction): Promise<Set<string>> {
    const permitted = keys.filter((key) => this.permits(key.split('/')[0], interaction));
    const params: unknown[] = [permitted.map((k) => k.split('/')[0]), permitted.map((k) => k.split('/')[1])];
    const condition = this.rowCondition('acc_row', interaction, bindingConstants(params), undefined, 'anchored');
    if (condition === undefined || permitted.length === 0) {
      return new Set(permitted);
    }
    const text = `SELECT acc_row.resource_type, acc_row.id FROM resource acc_row
       JOIN unnest($1::text[], $2::text[]) AS k(resource_type, id) USING (resource_type, id) WHERE ${condition}`;
    const rows = await sql.query<{ resource_type: string; id: string }>(text, params, preparedOnce(text));
    return new Set(rows.map((row) => `${row.resource_type}/${row.id}`));
  }

  /** The rows a grant in `context` reaches: definitional resources, then the compartment of the context. */
  private contextCondition(
    r: string,
    context: ScopeContext,
    interaction: Interaction,
    bind: Bind,
    resourceType: string | undefined,
    plan: RowPlan,
  ): string {
    const compartment = this.compartmentOf(r, context, bind, resourceType, WRITES.has(interaction), plan);
    const isConformance =
      resourceType !== undefined
        ? CONFORMANCE.has(resourceType)
          ? TRUE
          : FALSE
        : `${r}.resource_type = ANY(${bind(CONFORMANCE_TYPES)}::text[])`;
    if (!WRITES.has(interaction)) {
      return or(isConformance, compartment);
    }
    // Definitional resources are the server's configuration: only system/ grants change them.
    const notConformance = isConformance === TRUE ? FALSE : isConformance === FALSE ? TRUE : `NOT ${isConformance}`;
    return context === 'system' ? or(isConformance, compartment) : and(notConformance, compartment);
  }

  /**
   * The rows a context reaches: AuditEvents by their own rule, everything else by compartment. Reads reach a
   * row in any of the caller's compartments; writes (`write`) only rows whose every compartment is the
   * caller's, so nothing is written into another practice's or patient's record alongside one's own.
   */
  private compartmentOf(
    r: string,
    context: ScopeContext,
    bind: Bind,
    resourceType: string | undefined,
    write: boolean,
    plan: RowPlan,
  ): string {
    const others = () =>
      context === 'patient'
        ? this.patientContext(r, bind, write, plan, resourceType)
        : this.roleCompartment(r, bind, write, plan, resourceType);
    if (resourceType === AUDIT_EVENT) {
      return this.auditCompartment(r, context, bind);
    }
    if (resourceType !== undefined) {
      return others();
    }
    const audit = this.auditCompartment(r, context, bind);
    const rest = others();
    if (audit === rest) {
      return audit; // The same rule (TRUE for a system token): no condition on the type.
    }
    return or(and(`${r}.resource_type = '${AUDIT_EVENT}'`, audit), and(`${r}.resource_type <> '${AUDIT_EVENT}'`, rest));
  }

  /**
   * AuditEvents (NEN 7513): a practice user sees those about its own practice's patients and its own
   * actions, a patient those about themselves (who looked at my record), partners their own actions, a
   * system token without organization all; patient/ scopes add: about the launch patient only.
   */
  private auditCompartment(r: string, context: ScopeContext, bind: Bind): string {
    const auth = this.auth as AuthContext;
    const registry = this.registry as SearchParamRegistry;
    const own = ownAuditSql(registry, r, auth.subject, bind);
    const ownPatient = auth.patient ?? /^Patient\/([^/]+)$/.exec(auth.fhirUser ?? '')?.[1];
    let role: string;
    switch (auth.role) {
      case 'system':
        role = auth.organization ? own : TRUE;
        break;
      case 'gp':
      case 'practice-nurse':
        role = auth.organization ? or(own, practiceAuditSql(registry, r, auth.organization, bind)) : own;
        break;
      case 'patient':
        role = ownPatient ? or(own, patientAuditSql(registry, r, ownPatient, bind)) : own;
        break;
      case 'partner-worker':
        role = own;
        break;
      default:
        role = FALSE;
    }
    if (context !== 'patient') {
      return role;
    }
    return auth.patient ? and(patientAuditSql(registry, r, auth.patient, bind), role) : FALSE;
  }

  /** patient/ scopes: the launch patient's compartment, without practice-internal data, within the role's own. */
  private patientContext(r: string, bind: Bind, write: boolean, plan: RowPlan, resourceType?: string): string {
    const auth = this.auth as AuthContext;
    const registry = this.registry as SearchParamRegistry;
    if (!auth.patient) {
      return FALSE;
    }
    const own = auth.role === 'patient' ? TRUE : this.roleCompartment(r, bind, write, plan, resourceType);
    const compartment = write ? patientWriteSql : patientCompartmentSql;
    return and(compartment(registry, r, auth.patient, bind), notPracticeInternal(r, bind), own);
  }

  /** user/ and system/ scopes: what the role reaches. No role (an external token without TARGET claims): nothing. */
  private roleCompartment(r: string, bind: Bind, write: boolean, plan: RowPlan, resourceType?: string): string {
    const auth = this.auth as AuthContext;
    const registry = this.registry as SearchParamRegistry;
    switch (auth.role) {
      case 'system':
        return auth.organization ? partnerSql(registry, r, auth.organization, bind) : TRUE;
      case 'partner-worker':
        return auth.organization ? partnerSql(registry, r, auth.organization, bind) : FALSE;
      case 'gp':
      case 'practice-nurse':
        if (!auth.organization) {
          return FALSE;
        }
        return (write ? practiceWriteSql : practiceSql)(registry, r, auth.organization, bind, plan, resourceType);
      case 'patient': {
        const patient = auth.patient ?? /^Patient\/([^/]+)$/.exec(auth.fhirUser ?? '')?.[1];
        const compartment = write ? patientWriteSql : patientCompartmentSql;
        return patient ? and(compartment(registry, r, patient, bind), notPracticeInternal(r, bind)) : FALSE;
      }
      default:
        return FALSE;
    }
  }
}
