// TargetSubgroupObservation: the high-need high-cost subgroup of a patient by TARGET's rule-based
// approximation (never the published latent-class model), or `unclassified` with the data that was missing.
import type { Observation, ObservationComponent, Reference } from 'fhir/r4.js';
import {
  Extensions,
  Profiles,
  TargetConceptCodeSystem,
  TargetObservationCodeSystem,
  type TargetSubgroupCode,
  TargetSubgroupCodeSystem,
} from '../generated/canonical.ts';
import { practiceInternalMeta } from '../security-labels.ts';
import {
  compact,
  concept,
  defined,
  expectMarker,
  extensionOf,
  hasCoding,
  readSettingsReference,
  requiredCode,
  type SettingsVersion,
  settingsReference,
} from './elements.ts';
import { atMostOne, expectResourceType, required, TargetReadError } from './read-error.ts';

/**
 * The data the subgroup rules need. The profile holds these as plain strings (component missingData is a
 * valueString without a ValueSet); the three names are those its definition lists.
 */
export const SUBGROUP_INPUTS = ['birthDate', 'household', 'income-source'] as const;
export type SubgroupInputName = (typeof SUBGROUP_INPUTS)[number];

export interface SubgroupInput {
  id?: string;
  status: Observation['status'];
  patient: Reference;
  /** The reference date the patient's data was assessed for (dateTime or date). */
  assessedAt: string;
  subgroup: TargetSubgroupCode;
  /** Why the rules gave this result, in plain words. */
  reason: string;
  /** What the rules needed and did not find; at least one when `unclassified`. */
  missingData: SubgroupInputName[];
  /** The social-history and employment Observations the rules read. */
  derivedFrom: Reference[];
  settingsUsed: SettingsVersion;
}

function component(code: 'subgroup-reason' | 'missing-data', valueString: string): ObservationComponent {
  return { code: concept(TargetObservationCodeSystem, code), valueString };
}

export function buildSubgroupObservation(input: SubgroupInput): Observation {
  return compact<Observation>({
    resourceType: 'Observation',
    id: input.id,
    meta: practiceInternalMeta(Profiles.TargetSubgroupObservation),
    extension: [{ url: Extensions.TargetSettingsUsed, valueReference: settingsReference(input.settingsUsed) }],
    status: input.status,
    code: concept(TargetObservationCodeSystem, 'subgroup'),
    subject: input.patient,
    effectiveDateTime: input.assessedAt,
    valueCodeableConcept: concept(TargetSubgroupCodeSystem, input.subgroup),
    method: concept(TargetConceptCodeSystem, 'subgroup-approximation'),
    derivedFrom: input.derivedFrom,
    component: [
      component('subgroup-reason', input.reason),
      ...input.missingData.map((name) => component('missing-data', name)),
    ],
  });
}

function componentsWith(resource: Observation, code: 'subgroup-reason' | 'missing-data'): ObservationComponent[] {
  return (resource.component ?? []).filter((c) => hasCoding([c.code], TargetObservationCodeSystem.url, code));
}

function readMissingData(c: ObservationComponent, index: number): SubgroupInputName {
  const path = `Observation.component:missingData[${index}].valueString`;
  const name = required(c.valueString, path);
  if (!(SUBGROUP_INPUTS as readonly string[]).includes(name)) {
    throw new TargetReadError('invalid', path, `${name} is not one of ${SUBGROUP_INPUTS.join(', ')}`);
  }
  return name as SubgroupInputName;
}

export function readSubgroupObservation(resource: Observation): SubgroupInput {
  expectResourceType(resource, 'Observation');
  expectMarker([resource.code], TargetObservationCodeSystem, 'subgroup', 'Observation.code');
  const reasonPath = 'Observation.component:reason';
  const reason = required(atMostOne(componentsWith(resource, 'subgroup-reason'), reasonPath), reasonPath);
  const settings = extensionOf(resource, Extensions.TargetSettingsUsed, 'Observation.extension:settingsUsed');
  return defined<SubgroupInput>({
    id: resource.id,
    status: required(resource.status, 'Observation.status'),
    patient: required(resource.subject, 'Observation.subject'),
    assessedAt: required(resource.effectiveDateTime, 'Observation.effectiveDateTime'),
    subgroup: requiredCode(
      TargetSubgroupCodeSystem,
      resource.valueCodeableConcept?.coding,
      'Observation.valueCodeableConcept',
    ),
    reason: required(reason.valueString, `${reasonPath}.valueString`),
    missingData: componentsWith(resource, 'missing-data').map(readMissingData),
    derivedFrom: resource.derivedFrom ?? [],
    settingsUsed: readSettingsReference(settings?.valueReference, 'Observation.extension:settingsUsed'),
  });
}
