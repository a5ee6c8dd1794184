// Hand-written searches for the differential test: chains, _id, combinations of parameters, dates, sorting,
// paging and _include/_revinclude. Values come from the corpus (fixed ids, the first patient's BSN, ...).
import type { Patient, Practitioner, Resource } from '@medplum/fhirtypes';

/** Searches as written (unencoded); the caller encodes them and adds `_count=1000` where none is given. */
export function handWrittenSearches(corpus: readonly Resource[]): string[] {
  const patient = corpus.find((r) => r.resourceType === 'Patient') as Patient;
  const practitioner = corpus.find((r) => r.resourceType === 'Practitioner') as Practitioner;
  const agb = practitioner.identifier?.[0]?.value as string;
  const bsn = patient.identifier?.[0]?.value as string;
  const birthDate = patient.birthDate as string;
  return [
    // Chains (the oracle supports one level, with a plain `eq` on the chained parameter).
    'Encounter?subject:Patient.name:contains=Müller',
    'Encounter?subject:Patient.name:contains=de vries',
    'Condition?patient.birthdate=1950',
    'Observation?patient.birthdate=ge2000',
    'Observation?patient.gender=female&code=29463-7',
    'Condition?subject:Patient.address-city:contains=Zeist&code=T90',
    `Encounter?participant:Practitioner.identifier=http://fhir.nl/fhir/NamingSystem/agb-z|${agb}`,
    'Encounter?practitioner.gender=female&class=HH',
    'Observation?encounter:Encounter.class=HH',
    'Condition?encounter.status=finished&category=encounter-diagnosis',
    'PractitionerRole?organization.name:contains=Diakonessenhuis',
    'PractitionerRole?practitioner.active=false',
    'Task?focus:ServiceRequest.code=183519002',
    'Task?patient.birthdate=lt1950',
    'Patient?organization.name:contains=Zeist',
    'CarePlan?goal.lifecycle-status=active',
    'Appointment?patient.gender=other',
    'EpisodeOfCare?condition.code=T90',
    'QuestionnaireResponse?subject:Patient.birthdate=le1960',
    'Communication?sender:Practitioner.name:contains=dr.',
    'Consent?actor:Organization.name:contains=UMC',
    'Group?member:Patient.gender=male',
    'Encounter?subject:Patient.name:contains=zz-nobody',
    // _id
    'Patient?_id=pat-0001',
    'Patient?_id=pat-0001,pat-0150,pat-0999',
    'Patient?_id:not=pat-0001&gender=other',
    'Observation?_id=obs-0003&status=final',
    'Encounter?_id=zz-none',
    'Patient?_id=pat-0001&_id=pat-0002',
    // Combinations, system-less tokens, canonical references, uri
    'Condition?code=T90,K86&clinical-status=active&verification-status=confirmed',
    'Observation?code=http://loinc.org|59261-8&date=ge2024-01-01&status=final',
    'Encounter?class=HH&status=finished&date=ge2023&date=lt2024',
    'Patient?gender=female&birthdate=lt1950&address-city:contains=Utrecht',
    'Patient?name:contains=jan&name:contains=de',
    'Task?status=completed,in-progress&owner=Organization/org-0008',
    'Appointment?status=booked&date=ge2025-07-01T00:00:00+02:00&practitioner=prac-0003',
    'ServiceRequest?code=183519002&authored=ge2024&priority:not=routine',
    'Condition?code:not=T90&code:not=K86&clinical-status=active',
    'Goal?lifecycle-status=active&target-date=lt2025-01-01',
    `Patient?identifier=http://fhir.nl/fhir/NamingSystem/bsn|${bsn}`,
    'Patient?identifier=|PN-00003',
    'Patient?identifier=PN-00003',
    'Patient?gender=|male',
    'Observation?component-code=8480-6&date=ge2024',
    'Observation?combo-code=http://loinc.org|8480-6',
    // Union parameters (combo-*: the Observation's own value or a component's), answered from their parts' rows
    'Observation?combo-code=8462-4,29463-7',
    'Observation?combo-code:not=8480-6&category=vital-signs',
    'Observation?combo-value-concept=77176002',
    'Observation?combo-data-absent-reason=not-performed',
    'Observation?combo-data-absent-reason:missing=false&status=final',
    'Observation?value-concept=77176002&category=social-history',
    'Questionnaire?url=https://example.org/fhir/Questionnaire/4dkl',
    'QuestionnaireResponse?questionnaire=https://example.org/fhir/Questionnaire/4dkl',
    'Condition?_count=0',
    // Dates: eq and ne on date and dateTime values, every prefix on periods
    `Patient?birthdate=eq${birthDate}`,
    `Patient?birthdate=${birthDate.slice(0, 7)}`,
    'Patient?birthdate=ne1966',
    'Observation?code=29463-7&date=eq2024-03',
    'Observation?code=29463-7&date=ne2024',
    'Appointment?date=eq2025-08',
    'Appointment?date=gt2025-08-01T12:00:00+02:00&date=le2025-08-31',
    'Encounter?date=sa2025-01-01&status=finished',
    'Encounter?date=eb2019-06',
    'Encounter?date=lt2019-03-01T09:00:00+01:00',
    'Encounter?date=ge2025-06-01&class=HH,VR',
    // Sorting: one key, on values stored in one format (see docs/search-differences.md)
    'Patient?birthdate:missing=false&_sort=birthdate',
    'Patient?birthdate:missing=false&_sort=-birthdate',
    'Patient?gender=female&birthdate:missing=false&_sort=-birthdate&_count=10',
    'Observation?code=29463-7&date:missing=false&_sort=date',
    'Observation?code=85354-9&date:missing=false&_sort=-date',
    'Appointment?date:missing=false&_sort=date',
    'Appointment?date:missing=false&_sort=-date&status=fulfilled',
    'Condition?recorded-date:missing=false&_sort=-recorded-date',
    'Encounter?class=HH&_sort=date',
    'Encounter?_sort=_id',
    'Patient?_sort=-_id',
    'Observation?status=final&_sort=-_id&_count=30&_offset=30',
    'Encounter?class=VR&_sort=status',
    'ServiceRequest?_sort=authored',
    'Task?_sort=-authored-on',
    'QuestionnaireResponse?authored:missing=false&_sort=authored',
    'Communication?sent:missing=false&_sort=-sent',
  ];
}

/** Every page of these searches, page by page: [search with trailing `&` or `?`, page size, last offset]. */
export const PAGED_SEARCHES: readonly (readonly [string, number, number])[] = [
  ['Patient?', 50, 320],
  ['Observation?category=vital-signs&', 100, 720],
  ['Patient?birthdate:missing=false&_sort=birthdate&', 75, 320],
  ['Encounter?status=finished&_sort=-_id&', 200, 620],
];

/** Searches with _include/_revinclude (with :iterate): their included resources are compared as sets. */
export const INCLUDE_SEARCHES: readonly string[] = [
  'Encounter?class=HH&_include=Encounter:subject',
  'Encounter?class=HH&_include=Encounter:participant:Practitioner',
  'Patient?gender=other&_revinclude=Condition:subject',
  'Patient?_id=pat-0001,pat-0002&_revinclude=Encounter:patient&_revinclude=Observation:patient',
  'Observation?code=59261-8&date=ge2025&_include=Observation:patient&_include=Observation:encounter',
  'PractitionerRole?_include=PractitionerRole:organization&_include:iterate=Organization:partof',
  'Task?status=completed&_include=Task:focus&_include:iterate=ServiceRequest:requester',
  'CarePlan?status=active&_include=CarePlan:goal&_include=CarePlan:care-team',
  'Condition?code=T90&clinical-status=active&_revinclude=EpisodeOfCare:condition&_include=Condition:patient',
  'Group?_id=grp-0002&_include=Group:member',
  'Patient?_id=pat-0146&_revinclude=Encounter:patient&_revinclude:iterate=Condition:encounter',
].map((s) => `${s}&_count=1000`);
