// Which of the two equivalent forms of the access condition a search's statement uses (store/access-filter.ts
// RowPlan). `set` computes what the caller may see once (a practice's patient list) and intersects; `anchored`
// probes each candidate row's own links through the indexes. Measured (docs/reliability.md): a search that
// names a patient or an identifier takes 0.1 ms of execution with `anchored` against 4–5 ms with `set`; at 40
// practices a page of a practice-wide search by code 24 ms against 591 ms, because the page stops after its
// first matches. But a broad search by a caller who sees little (a patient, a partner, a launch patient)
// would probe the whole region's candidates to find its few rows: for them `set` is the cheap form, as it is
// for a practice's broad Patient searches (below). `set` also stays where every match must be judged whatever
// the page: a total, and a sort by a parameter.
import type { SearchRequest } from '@medplum/core';
import type { RowPlan } from '../access-filter.ts';
import type { SearchParamRegistry } from './params.ts';

/** Whether a filter narrows the search to the resources of one named resource or identifier. */
function namesOne(registry: SearchParamRegistry, resourceType: string, code: string, value: string): boolean {
  if (code === '_id') {
    return value !== '' && !value.includes(',');
  }
  if (code === 'identifier') {
    // `system|value` or `value`; a system alone (`system|`) names every identifier of that system.
    return !value.includes(',') && (value.split('|').at(-1) ?? '') !== '';
  }
  const param = registry.get(resourceType, code);
  // A reference to one id (`Patient/123` or `123`): chains, modifiers and lists are not.
  return param?.type === 'reference' && /^([A-Za-z]+\/)?[A-Za-z0-9\-.]{1,64}$/.test(value);
}

/** The plan for a search's access conditions; `seesAPractice` from the caller's policy (AccessFilter). */
export function searchRowPlan(registry: SearchParamRegistry, request: SearchRequest, seesAPractice: boolean): RowPlan {
  const narrow = (request.filters ?? []).some(
    (filter) => filter.operator === 'eq' && namesOne(registry, request.resourceType, filter.code, filter.value),
  );
  if (narrow) {
    return 'anchored';
  }
  const everyMatch =
    request.total === 'accurate' ||
    request.total === 'estimate' ||
    (request.sortRules ?? []).some((rule) => rule.code !== '_id' && rule.code !== '_lastUpdated');
  // A practice's visible Patients are its member list (~1 ms per 1,000 patients to list, then hashed), cheaper
  // than probing a broad search's candidates: at 40 practices `Patient?birthdate=lt1950` took 17 ms listed,
  // 104 ms probed. Its visible records of other types are all its patients' records: there probing wins
  // (`Condition?code` 591 ms listed, 24 ms probed).
  return seesAPractice && !everyMatch && request.resourceType !== 'Patient' ? 'anchored' : 'set';
}
