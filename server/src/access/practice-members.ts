// Which patients are listed with a practice, as SQL over the reference index: Patient.generalPractitioner
// (or managingOrganization) names the practice Organization, or a Practitioner who has a PractitionerRole
// at it. One definition for the selection (population-sql.ts) and for access control (a practice user sees
// the records of its own patients, access/compartments.ts).
import type { SearchParamRegistry } from '../store/search/params.ts';

/** The search parameter ids the membership reads. */
export interface MembershipParams {
  readonly patientGp: number;
  readonly patientOrganization: number;
  readonly roleOrganization: number;
  readonly rolePractitioner: number;
}

export function membershipParams(registry: SearchParamRegistry): MembershipParams {
  const id = (type: string, code: string): number => registry.idOf(type, code);
  return {
    patientGp: id('Patient', 'general-practitioner'),
    patientOrganization: id('Patient', 'organization'),
    roleOrganization: id('PractitionerRole', 'organization'),
    rolePractitioner: id('PractitionerRole', 'practitioner'),
  };
}

/**
 * A query yielding `(rid, practice_id)`: the Patient rows (by rid) listed with one of the practices whose
 * ids the SQL expression `practices` (a text[]) holds. `add` binds a parameter and returns its placeholder.
 * Whether the patient is active or alive, or deleted, is left to the caller: a deleted Patient keeps its
 * references (store/writer.ts), so its remaining records stay with its practice. A deleted PractitionerRole
 * lists nobody.
 */
export function practiceMembersSql(p: MembershipParams, practices: string, add: (value: unknown) => string): string {
  const gp = add(p.patientGp);
  return `SELECT ref.rid, ref.target_id AS practice_id FROM idx_reference ref
      WHERE ref.param IN (${gp}, ${add(p.patientOrganization)}) AND ref.target_type = 'Organization'
        AND ref.target_id = ANY(${practices})
    UNION
    SELECT ref.rid, o.target_id AS practice_id FROM idx_reference o
      JOIN idx_reference pr ON pr.rid = o.rid AND pr.param = ${add(p.rolePractitioner)} AND pr.target_type = 'Practitioner'
      JOIN resource role_row ON role_row.rid = o.rid AND NOT role_row.deleted
      JOIN idx_reference ref ON ref.param = ${gp} AND ref.target_type = 'Practitioner' AND ref.target_id = pr.target_id
      WHERE o.param = ${add(p.roleOrganization)} AND o.target_type = 'Organization' AND o.target_id = ANY(${practices})`;
}

/**
 * A query yielding the `practice_id`s patient row `rid` (an SQL expression) is listed with, by the same rules
 * as practiceMembersSql, anchored on the one patient: for a check of one row (access control's write rule:
 * listed with no practice but the writer's) rather than a practice's whole list.
 */
export function practicesOfPatientSql(p: MembershipParams, rid: string, add: (value: unknown) => string): string {
  const gp = add(p.patientGp);
  return `SELECT ref.target_id AS practice_id FROM idx_reference ref
      WHERE ref.rid = ${rid} AND ref.param IN (${gp}, ${add(p.patientOrganization)}) AND ref.target_type = 'Organization'
    UNION
    SELECT o.target_id AS practice_id FROM idx_reference ref
      JOIN idx_reference pr ON pr.param = ${add(p.rolePractitioner)} AND pr.target_type = 'Practitioner'
        AND pr.target_id = ref.target_id
      JOIN resource role_row ON role_row.rid = pr.rid AND NOT role_row.deleted
      JOIN idx_reference o ON o.rid = pr.rid AND o.param = ${add(p.roleOrganization)} AND o.target_type = 'Organization'
      WHERE ref.rid = ${rid} AND ref.param = ${gp} AND ref.target_type = 'Practitioner'`;
}
