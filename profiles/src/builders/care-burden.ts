// TargetCareBurdenObservation: the care burden (zorgzwaarte) of one chronically ill patient: the weighted
// sum of their GP contacts in the counted window, per contact type, with category, HNHC flag, number of
// qualifying chronic diseases, the qualifying Conditions and the practice settings version used.
import type { Observation, ObservationComponent, Reference } from 'fhir/r4.js';
import { UcumUnits } from '../external.ts';
import {
  Extensions,
  Profiles,
  type TargetCareBurdenCategoryCode,
  TargetCareBurdenCategoryCodeSystem,
  TargetConceptCodeSystem,
  type TargetContactTypeCode,
  TargetContactTypeCodeSystem,
  TargetObservationCodeSystem,
} from '../generated/canonical.ts';
import { practiceInternalMeta } from '../security-labels.ts';
import {
  compact,
  concept,
  defined,
  expectMarker,
  extensionOf,
  extensionsOf,
  hasCoding,
  readSettingsReference,
  readUcumValue,
  requiredCode,
  type SettingsVersion,
  settingsReference,
  ucumQuantity,
} from './elements.ts';
import { atMostOne, expectResourceType, required, TargetReadError } from './read-error.ts';

/** The contacts of one type in the window: how many, and their count × the practice's weight. */
export interface ContactCount {
  type: TargetContactTypeCode;
  count: number;
  weightedSum: number;
}

export interface CareBurdenInput {
  id?: string;
  /** final, or amended / entered-in-error for a corrected result. */
  status: Observation['status'];
  patient: Reference;
  /** The counted window (dates): by default the 365 days before the reference date. */
  window: { start: string; end: string };
  /** When the computation ran. */
  issued?: string;
  /** The weighted sum of the counted contacts (zero or more). */
  score: number;
  category: TargetCareBurdenCategoryCode;
  hnhc: boolean;
  /** Distinct qualifying chronic diseases (one or more). */
  chronicConditionCount: number;
  /** One entry per contact type; a type without contacts may be left out. */
  contacts: ContactCount[];
  /** The active, confirmed chronic Conditions that made the patient count (one or more). */
  qualifyingConditions: Reference[];
  settingsUsed: SettingsVersion;
}

const OBSERVATION_CODES = TargetObservationCodeSystem;

function component(code: 'care-burden-category' | 'hnhc' | 'chronic-condition-count'): ObservationComponent['code'] {
  return concept(OBSERVATION_CODES, code);
}

export function buildCareBurdenObservation(input: CareBurdenInput): Observation {
  return compact<Observation>({
    resourceType: 'Observation',
    id: input.id,
    meta: practiceInternalMeta(Profiles.TargetCareBurdenObservation),
    extension: [
      ...input.qualifyingConditions.map((condition) => ({
        url: Extensions.TargetQualifyingCondition,
        valueReference: condition,
      })),
      { url: Extensions.TargetSettingsUsed, valueReference: settingsReference(input.settingsUsed) },
    ],
    status: input.status,
    code: concept(OBSERVATION_CODES, 'care-burden'),
    subject: input.patient,
    effectivePeriod: { start: input.window.start, end: input.window.end },
    issued: input.issued,
    valueQuantity: ucumQuantity(input.score, UcumUnits.weightedContacts),
    method: concept(TargetConceptCodeSystem, 'care-burden-method'),
    component: [
      {
        code: component('care-burden-category'),
        valueCodeableConcept: concept(TargetCareBurdenCategoryCodeSystem, input.category),
      },
      { code: component('hnhc'), valueBoolean: input.hnhc },
      { code: component('chronic-condition-count'), valueInteger: input.chronicConditionCount },
      ...input.contacts.map((contact) => ({
        extension: [{ url: Extensions.TargetWeightedSum, valueDecimal: contact.weightedSum }],
        code: concept(TargetContactTypeCodeSystem, contact.type),
        valueInteger: contact.count,
      })),
    ],
  });
}

function fixedComponent(resource: Observation, code: Parameters<typeof component>[0], slice: string) {
  const path = `Observation.component:${slice}`;
  const matches = (resource.component ?? []).filter((c) => hasCoding([c.code], OBSERVATION_CODES.url, code));
  return required(atMostOne(matches, path), path);
}

function readContact(c: ObservationComponent, index: number): ContactCount {
  const path = `Observation.component[${index}]`;
  const weightedSum = extensionOf(c, Extensions.TargetWeightedSum, `${path}.extension`)?.valueDecimal;
  return {
    type: requiredCode(TargetContactTypeCodeSystem, c.code?.coding, `${path}.code`),
    count: required(c.valueInteger, `${path}.valueInteger`),
    weightedSum: required(weightedSum, `${path}.extension:weightedSum`),
  };
}

export function readCareBurdenObservation(resource: Observation): CareBurdenInput {
  expectResourceType(resource, 'Observation');
  expectMarker([resource.code], OBSERVATION_CODES, 'care-burden', 'Observation.code');
  const conditions = extensionsOf(resource, Extensions.TargetQualifyingCondition).map((e, i) =>
    required(e.valueReference, `Observation.extension:qualifyingCondition[${i}].valueReference`),
  );
  const settings = extensionOf(resource, Extensions.TargetSettingsUsed, 'Observation.extension:settingsUsed');
  const category = fixedComponent(resource, 'care-burden-category', 'category');
  const contacts = (resource.component ?? []).flatMap((c, i) =>
    c.code?.coding?.some((cd) => cd.system === TargetContactTypeCodeSystem.url) ? [readContact(c, i)] : [],
  );
  if (new Set(contacts.map((c) => c.type)).size !== contacts.length) {
    throw new TargetReadError('invalid', 'Observation.component:contactType', 'a contact type repeats');
  }
  return defined<CareBurdenInput>({
    id: resource.id,
    status: required(resource.status, 'Observation.status'),
    patient: required(resource.subject, 'Observation.subject'),
    window: {
      start: required(resource.effectivePeriod?.start, 'Observation.effectivePeriod.start'),
      end: required(resource.effectivePeriod?.end, 'Observation.effectivePeriod.end'),
    },
    issued: resource.issued,
    score: readUcumValue(resource.valueQuantity, UcumUnits.weightedContacts, 'Observation.valueQuantity'),
    category: requiredCode(
      TargetCareBurdenCategoryCodeSystem,
      category.valueCodeableConcept?.coding,
      'Observation.component:category.valueCodeableConcept',
    ),
    hnhc: required(fixedComponent(resource, 'hnhc', 'hnhc').valueBoolean, 'Observation.component:hnhc.valueBoolean'),
    chronicConditionCount: required(
      fixedComponent(resource, 'chronic-condition-count', 'chronicConditionCount').valueInteger,
      'Observation.component:chronicConditionCount.valueInteger',
    ),
    contacts,
    qualifyingConditions: required(conditions, 'Observation.extension:qualifyingCondition'),
    settingsUsed: readSettingsReference(settings?.valueReference, 'Observation.extension:settingsUsed'),
  });
}
