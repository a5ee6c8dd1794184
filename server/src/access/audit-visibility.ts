// Who may see which AuditEvents (NEN 7513), as SQL conditions on an AuditEvent `resource` row for the access
// policy (access/policy.ts decides which applies to whom):
//   own        the caller's own actions: an agent's altId is the token's subject
//   patient    only about this patient: it names the patient, and no other one (a GP's search listing
//              several patients must not tell one patient about the others)
//   practice   only about patients of this practice, at least one

import type { SearchParamRegistry } from '../store/search/params.ts';
import type { Bind } from './compartments.ts';
import { membershipParams, practiceMembersSql } from './practice-members.ts';

interface AuditParams {
  readonly patient: number;
  readonly altId: number;
}

const cache = new WeakMap<SearchParamRegistry, AuditParams>();

function paramsOf(registry: SearchParamRegistry): AuditParams {
  let params = cache.get(registry);
  if (!params) {
    const patient = registry.get('AuditEvent', 'patient');
    const altId = registry.get('AuditEvent', 'altid');
    if (!patient || !altId) {
      throw new Error('search parameters AuditEvent.patient and AuditEvent.altid are not indexed');
    }
    params = { patient: patient.id, altId: altId.id };
    cache.set(registry, params);
  }
  return params;
}

/** The caller (token subject) is an agent of the event. Token values are indexed in lower case. */
export function ownAuditSql(registry: SearchParamRegistry, r: string, subject: string, bind: Bind): string {
  return `EXISTS (SELECT 1 FROM idx_token aud_own WHERE aud_own.rid = ${r}.rid
    AND aud_own.param = ${bind(paramsOf(registry).altId)} AND aud_own.value = ${bind(subject.toLowerCase())})`;
}

/** The event concerns `patientId` and no other patient. */
export function patientAuditSql(registry: SearchParamRegistry, r: string, patientId: string, bind: Bind): string {
  const param = bind(paramsOf(registry).patient);
  const id = bind(patientId);
  return `(EXISTS (SELECT 1 FROM idx_reference aud_p WHERE aud_p.rid = ${r}.rid AND aud_p.param = ${param}
      AND aud_p.target_type = 'Patient' AND aud_p.target_id = ${id})
    AND NOT EXISTS (SELECT 1 FROM idx_reference aud_o WHERE aud_o.rid = ${r}.rid AND aud_o.param = ${param}
      AND aud_o.target_type = 'Patient' AND aud_o.target_id <> ${id}))`;
}

/** The event concerns patients of practice `organizationId` only. */
export function practiceAuditSql(registry: SearchParamRegistry, r: string, organizationId: string, bind: Bind): string {
  const param = bind(paramsOf(registry).patient);
  const members = practiceMembersSql(membershipParams(registry), `${bind([organizationId])}::text[]`, bind);
  return `(EXISTS (SELECT 1 FROM idx_reference aud_p WHERE aud_p.rid = ${r}.rid AND aud_p.param = ${param}
      AND aud_p.target_type = 'Patient')
    AND NOT EXISTS (SELECT 1 FROM idx_reference aud_o WHERE aud_o.rid = ${r}.rid AND aud_o.param = ${param}
      AND aud_o.target_type = 'Patient' AND aud_o.target_id NOT IN (SELECT aud_m.id FROM resource aud_m
        WHERE aud_m.resource_type = 'Patient' AND aud_m.rid IN (SELECT m.rid FROM (${members}) m))))`;
}
