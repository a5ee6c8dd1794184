// The compartments of the access policy as SQL conditions on one `resource` row (alias `r` of the caller's
// query), over the same reference index that search uses; so searches, counts, includes, chains, history
// and export are all limited by the database, never by filtering a page afterwards.
//   patient   the R4 Patient compartment of one Patient (bulk/export-compartment.ts), minus practice-internal
//   practice  the patients listed with the practice (programme/selection/practice-members.ts) and their
//             compartments, plus everything that is in no patient's compartment; Basic resources about
//             another Organization (its practice settings) excepted
//   partner   ServiceRequests whose performer and Tasks whose owner is the partner Organization, and the
//             Patient of such a referral when an active permit Consent names the partner as recipient
import { ExternalSystems, PRACTICE_INTERNAL_LABEL } from '@target/profiles';
import type { Bind, RowPlan } from '../store/access-filter.ts';
import type { SearchParamRegistry } from '../store/search/params.ts';
import { compartmentParamIds, patientCompartment } from '../store/search/patient-compartment.ts';
import { membershipParams, practiceMembersSql, practicesOfPatientSql } from './practice-members.ts';

export type { Bind };

interface CompartmentParams {
  /** Patient compartment parameters of every type but Patient (Patient.link does not make a patient visible). */
  readonly compartment: number[];
  readonly membership: ReturnType<typeof membershipParams>;
  readonly basicSubject: number;
  readonly serviceRequestPerformer: number;
  readonly serviceRequestSubject: number;
  readonly taskOwner: number;
  readonly taskPatient: number;
  readonly consentPatient: number;
  readonly consentActor: number;
  readonly consentPeriod: number;
}

const cache = new WeakMap<SearchParamRegistry, CompartmentParams>();

function paramsOf(registry: SearchParamRegistry): CompartmentParams {
  let params = cache.get(registry);
  if (!params) {
    const id = (type: string, code: string): number => {
      const param = registry.get(type, code);
      if (!param) {
        throw new Error(`search parameter ${type}.${code} is not indexed`);
      }
      return param.id;
    };
    const types = [...patientCompartment().keys()].filter((type) => type !== 'Patient');
    params = {
      compartment: compartmentParamIds(registry, types),
      membership: membershipParams(registry),
      basicSubject: id('Basic', 'subject'),
      serviceRequestPerformer: id('ServiceRequest', 'performer'),
      serviceRequestSubject: id('ServiceRequest', 'subject'),
      taskOwner: id('Task', 'owner'),
      taskPatient: id('Task', 'patient'),
      consentPatient: id('Consent', 'patient'),
      consentActor: id('Consent', 'actor'),
      consentPeriod: id('Consent', 'period'),
    };
    cache.set(registry, params);
  }
  return params;
}

/**
 * The row does not carry the practice-internal security label (care burden, subgroup, selection Group); a
 * deleted row (no content) is judged by its last version, so its history stays the practice's.
 */
export function notPracticeInternal(r: string, bind: Bind): string {
  const label = bind(JSON.stringify([{ system: PRACTICE_INTERNAL_LABEL.system, code: PRACTICE_INTERNAL_LABEL.code }]));
  const content = `CASE WHEN ${r}.deleted THEN (SELECT acc_h.content FROM resource_history acc_h
      WHERE acc_h.rid = ${r}.rid AND NOT acc_h.deleted ORDER BY acc_h.version DESC LIMIT 1) ELSE ${r}.content END`;
  return `NOT COALESCE((${content})->'meta'->'security' @> ${label}::jsonb, false)`;
}

/** The search parameter ids that put a resource in a Patient's compartment. */
export function compartmentParams(registry: SearchParamRegistry): readonly number[] {
  return paramsOf(registry).compartment;
}

/** The row is Patient `patientId` or in its compartment. */
export function patientCompartmentSql(registry: SearchParamRegistry, r: string, patientId: string, bind: Bind): string {
  const p = paramsOf(registry);
  const id = bind(patientId);
  return `((${r}.resource_type = 'Patient' AND ${r}.id = ${id})
    OR EXISTS (SELECT 1 FROM idx_reference acc_ref WHERE acc_ref.rid = ${r}.rid
      AND acc_ref.param = ANY(${bind(p.compartment)}::smallint[]) AND acc_ref.target_type = 'Patient'
      AND acc_ref.target_id = ${id}))`;
}

/**
 * A reference in a compartment parameter that may mean a patient this server cannot place: a malformed
 * literal reference, or a patient named by BSN only. A restricted writer may not write it: it would be a
 * resource of no patient, visible to every practice. (Contained references and other identifiers, such as a
 * practitioner's AGB code, name no stored patient.)
 */
function unresolvedPatientReference(p: CompartmentParams, r: string, bind: Bind): string {
  return `EXISTS (SELECT 1 FROM idx_reference acc_u WHERE acc_u.rid = ${r}.rid
      AND acc_u.param = ANY(${bind(p.compartment)}::smallint[]) AND acc_u.target_type IS NULL
      AND ((acc_u.reference IS NOT NULL AND acc_u.reference NOT LIKE '#%')
        OR acc_u.identifier_system = ${bind(ExternalSystems.BSN)}))`;
}

/**
 * Writes by a patient: the row is in patient `patientId`'s compartment and in no other patient's (an
 * Observation about X with Y as performer would land in Y's record too).
 */
export function patientWriteSql(registry: SearchParamRegistry, r: string, patientId: string, bind: Bind): string {
  const p = paramsOf(registry);
  const id = bind(patientId);
  return `(${patientCompartmentSql(registry, r, patientId, bind)}
    AND NOT EXISTS (SELECT 1 FROM idx_reference acc_other WHERE acc_other.rid = ${r}.rid
      AND acc_other.param = ANY(${bind(p.compartment)}::smallint[]) AND acc_other.target_type = 'Patient'
      AND acc_other.target_id <> ${id})
    AND NOT ${unresolvedPatientReference(p, r, bind)})`;
}

/**
 * Practice `practice` (an SQL comparison, e.g. `= $3`) lists patient row `rid` (an SQL expression), anchored
 * on that one row: a few index probes, where the practice's whole list costs milliseconds per statement.
 */
function listedWith(m: CompartmentParams['membership'], rid: string, practice: string, bind: Bind): string {
  return `EXISTS (SELECT 1 FROM (${practicesOfPatientSql(m, rid, bind)}) acc_l WHERE acc_l.practice_id ${practice})`;
}

/**
 * Patient row `rid` is listed with practice `own` (a placeholder). The `set` plan computes the practice's list
 * once per statement (searches over many rows); `anchored` probes the one row's practices (checks by id).
 */
function listedWithPractice(p: CompartmentParams, rid: string, own: string, plan: RowPlan, bind: Bind): string {
  return plan === 'anchored'
    ? listedWith(p.membership, rid, `= ${own}`, bind)
    : `${rid} IN (SELECT acc_m.rid FROM (${practiceMembersSql(p.membership, `ARRAY[${own}]::text[]`, bind)}) acc_m)`;
}

/**
 * `patient` for Patient rows and `other` for the rest. When the row's type is known (a check by id), only the
 * branch that applies is written: the planner then plans a third of the statement.
 */
function byType(r: string, resourceType: string | undefined, patient: () => string, other: () => string): string {
  if (resourceType === 'Patient') {
    return patient();
  }
  if (resourceType !== undefined) {
    return other();
  }
  return `((${r}.resource_type = 'Patient' AND ${patient()})
    OR (${r}.resource_type <> 'Patient' AND ${other()}))`;
}

/** Not a Basic about another Organization (that practice's settings); TRUE for a row known to be no Basic. */
function notOtherOrganizationsBasic(
  p: CompartmentParams,
  r: string,
  own: string,
  resourceType: string | undefined,
  bind: Bind,
): string {
  if (resourceType !== undefined && resourceType !== 'Basic') {
    return 'TRUE';
  }
  return `NOT (${r}.resource_type = 'Basic' AND EXISTS (SELECT 1 FROM idx_reference acc_org WHERE acc_org.rid = ${r}.rid
        AND acc_org.param = ${bind(p.basicSubject)} AND acc_org.target_type = 'Organization'
        AND acc_org.target_id <> ${own}))`;
}

/**
 * Writes by practice staff: a Patient listed with the practice and with no other organization (a GP cannot
 * hand a patient's record to another practice), anything else whose every patient is listed with the
 * practice, or that concerns no patient (the practice's own settings, not another Organization's).
 */
export function practiceWriteSql(
  registry: SearchParamRegistry,
  r: string,
  organizationId: string,
  bind: Bind,
  plan: RowPlan,
  resourceType?: string,
): string {
  const p = paramsOf(registry);
  const m = p.membership;
  const own = bind(organizationId);
  return byType(
    r,
    resourceType,
    () => `(${listedWith(m, `${r}.rid`, `= ${own}`, bind)} AND NOT ${listedWith(m, `${r}.rid`, `<> ${own}`, bind)})`,
    () => `(NOT EXISTS (SELECT 1 FROM idx_reference acc_ref WHERE acc_ref.rid = ${r}.rid
        AND acc_ref.param = ANY(${bind(p.compartment)}::smallint[]) AND acc_ref.target_type = 'Patient'
        AND NOT EXISTS (SELECT 1 FROM resource acc_p WHERE acc_p.resource_type = 'Patient' AND acc_p.id = acc_ref.target_id
          AND ${listedWithPractice(p, 'acc_p.rid', own, plan, bind)}))
      AND NOT ${unresolvedPatientReference(p, r, bind)}
      AND ${notOtherOrganizationsBasic(p, r, own, resourceType, bind)})`,
  );
}

/** The row belongs to practice `organizationId`'s patients, or to no patient at all. */
export function practiceSql(
  registry: SearchParamRegistry,
  r: string,
  organizationId: string,
  bind: Bind,
  plan: RowPlan,
  resourceType?: string,
): string {
  const p = paramsOf(registry);
  const own = bind(organizationId);
  // The set plan hashes the ids of the practice's patients once; the anchored plan looks up the one patient.
  const patientOfPractice = () =>
    plan === 'set'
      ? `acc_ref.target_id IN (SELECT acc_p.id FROM resource acc_p WHERE ${listedWithPractice(p, 'acc_p.rid', own, plan, bind)})`
      : `EXISTS (SELECT 1 FROM resource acc_p WHERE acc_p.resource_type = 'Patient' AND acc_p.id = acc_ref.target_id
              AND ${listedWithPractice(p, 'acc_p.rid', own, plan, bind)})`;
  return byType(
    r,
    resourceType,
    () => listedWithPractice(p, `${r}.rid`, own, plan, bind),
    () => {
      const compartment = `${bind(p.compartment)}::smallint[]`;
      return `((EXISTS (SELECT 1 FROM idx_reference acc_ref WHERE acc_ref.rid = ${r}.rid AND acc_ref.param = ANY(${compartment})
            AND acc_ref.target_type = 'Patient' AND ${patientOfPractice()})
        OR NOT EXISTS (SELECT 1 FROM idx_reference acc_ref WHERE acc_ref.rid = ${r}.rid
            AND acc_ref.param = ANY(${compartment}) AND acc_ref.target_type = 'Patient'))
      AND ${notOtherOrganizationsBasic(p, r, own, resourceType, bind)})`;
    },
  );
}

/** Referrals addressed to partner `organizationId`, and the consented Patient of each. */
export function partnerSql(registry: SearchParamRegistry, r: string, organizationId: string, bind: Bind): string {
  const p = paramsOf(registry);
  const org = bind(organizationId);
  const addressed = (alias: string, param: number): string =>
    `EXISTS (SELECT 1 FROM idx_reference ${alias} WHERE ${alias}.rid = ${r}.rid AND ${alias}.param = ${bind(param)}
      AND ${alias}.target_type = 'Organization' AND ${alias}.target_id = ${org})`;
  // A deleted referral keeps its references (for its own access rule) but no longer opens the patient.
  const referredBy = (subject: number, addressee: number): string =>
    `EXISTS (SELECT 1 FROM idx_reference acc_s JOIN idx_reference acc_a ON acc_a.rid = acc_s.rid
      AND acc_a.param = ${bind(addressee)} AND acc_a.target_type = 'Organization' AND acc_a.target_id = ${org}
      JOIN resource acc_ref_live ON acc_ref_live.rid = acc_s.rid AND NOT acc_ref_live.deleted
      WHERE acc_s.param = ${bind(subject)} AND acc_s.target_type = 'Patient' AND acc_s.target_id = ${r}.id)`;
  // Consent: active, a permit, naming the partner as actor, and not outside its provision period.
  const consented = `EXISTS (SELECT 1 FROM idx_reference acc_cp
      JOIN resource acc_c ON acc_c.rid = acc_cp.rid AND NOT acc_c.deleted
      JOIN idx_reference acc_ca ON acc_ca.rid = acc_c.rid AND acc_ca.param = ${bind(p.consentActor)}
        AND acc_ca.target_type = 'Organization' AND acc_ca.target_id = ${org}
      WHERE acc_cp.param = ${bind(p.consentPatient)} AND acc_cp.target_type = 'Patient' AND acc_cp.target_id = ${r}.id
        AND acc_c.content->>'status' = 'active' AND acc_c.content->'provision'->>'type' = 'permit'
        AND NOT EXISTS (SELECT 1 FROM idx_date acc_d WHERE acc_d.rid = acc_c.rid AND acc_d.param = ${bind(p.consentPeriod)}
          AND (acc_d.low > now() OR acc_d.high < now())))`;
  return `((${r}.resource_type = 'ServiceRequest' AND ${addressed('acc_perf', p.serviceRequestPerformer)})
    OR (${r}.resource_type = 'Task' AND ${addressed('acc_own', p.taskOwner)})
    OR (${r}.resource_type = 'Patient' AND ${consented}
      AND (${referredBy(p.serviceRequestSubject, p.serviceRequestPerformer)} OR ${referredBy(p.taskPatient, p.taskOwner)})))`;
}
