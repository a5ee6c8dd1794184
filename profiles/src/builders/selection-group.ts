// TargetSelectionGroup: a selection of patients by care burden at a reference date, made with a version of
// the practice settings; each member carries their score, category, HNHC flag and (when assigned) subgroup.
// The quantity is derived: always the number of members (target-sel-2).
import type { Group, GroupMember, Reference } from 'fhir/r4.js';
import {
  Extensions,
  Profiles,
  type TargetCareBurdenCategoryCode,
  TargetCareBurdenCategoryCodeSystem,
  TargetConceptCodeSystem,
  type TargetSubgroupCode,
  TargetSubgroupCodeSystem,
} from '../generated/canonical.ts';
import { practiceInternalMeta } from '../security-labels.ts';
import {
  codeIn,
  coding,
  compact,
  concept,
  defined,
  expectMarker,
  extensionOf,
  readSettingsReference,
  requiredCode,
  type SettingsVersion,
  settingsReference,
} from './elements.ts';
import { expectResourceType, required } from './read-error.ts';

export interface SelectedPatient {
  patient: Reference;
  score: number;
  category: TargetCareBurdenCategoryCode;
  hnhc: boolean;
  /** Absent when not assigned. */
  subgroup?: TargetSubgroupCode;
}

export interface SelectionInput {
  id?: string;
  /** e.g. "TARGET-selectie 2025-01-01". */
  name?: string;
  /** The date the selection was computed for. */
  referenceDate: string;
  settingsUsed: SettingsVersion;
  /** The practice (TargetPracticeOrganization) the selection belongs to. */
  practice: Reference;
  members: SelectedPatient[];
}

function buildMember(member: SelectedPatient): GroupMember {
  return {
    extension: [
      { url: Extensions.TargetMemberCareBurdenScore, valueDecimal: member.score },
      {
        url: Extensions.TargetMemberCareBurdenCategory,
        valueCoding: coding(TargetCareBurdenCategoryCodeSystem, member.category),
      },
      { url: Extensions.TargetMemberHnhc, valueBoolean: member.hnhc },
      ...(member.subgroup
        ? [{ url: Extensions.TargetMemberSubgroup, valueCoding: coding(TargetSubgroupCodeSystem, member.subgroup) }]
        : []),
    ],
    entity: member.patient,
  };
}

export function buildSelectionGroup(input: SelectionInput): Group {
  return compact<Group>({
    resourceType: 'Group',
    id: input.id,
    meta: practiceInternalMeta(Profiles.TargetSelectionGroup),
    extension: [
      { url: Extensions.TargetReferenceDate, valueDate: input.referenceDate },
      { url: Extensions.TargetSettingsUsed, valueReference: settingsReference(input.settingsUsed) },
    ],
    type: 'person',
    actual: true,
    code: concept(TargetConceptCodeSystem, 'selection'),
    name: input.name,
    quantity: input.members.length,
    managingEntity: input.practice,
    member: input.members.map(buildMember),
  });
}

function readMember(member: GroupMember, index: number): SelectedPatient {
  const path = `Group.member[${index}]`;
  const value = (url: string, slice: string) => extensionOf(member, url, `${path}.extension:${slice}`);
  const category = value(Extensions.TargetMemberCareBurdenCategory, 'category')?.valueCoding;
  const subgroup = value(Extensions.TargetMemberSubgroup, 'subgroup')?.valueCoding;
  return defined<SelectedPatient>({
    patient: required(member.entity, `${path}.entity`),
    score: required(value(Extensions.TargetMemberCareBurdenScore, 'score')?.valueDecimal, `${path}.extension:score`),
    category: requiredCode(TargetCareBurdenCategoryCodeSystem, category && [category], `${path}.extension:category`),
    hnhc: required(value(Extensions.TargetMemberHnhc, 'hnhc')?.valueBoolean, `${path}.extension:hnhc`),
    subgroup: codeIn(TargetSubgroupCodeSystem, subgroup && [subgroup], `${path}.extension:subgroup`),
  });
}

export function readSelectionGroup(resource: Group): SelectionInput {
  expectResourceType(resource, 'Group');
  expectMarker([resource.code], TargetConceptCodeSystem, 'selection', 'Group.code');
  const referenceDate = extensionOf(resource, Extensions.TargetReferenceDate, 'Group.extension:referenceDate');
  const settings = extensionOf(resource, Extensions.TargetSettingsUsed, 'Group.extension:settingsUsed');
  return defined<SelectionInput>({
    id: resource.id,
    name: resource.name,
    referenceDate: required(referenceDate?.valueDate, 'Group.extension:referenceDate'),
    settingsUsed: readSettingsReference(settings?.valueReference, 'Group.extension:settingsUsed'),
    practice: required(resource.managingEntity, 'Group.managingEntity'),
    members: (resource.member ?? []).map(readMember),
  });
}

/** Whether a Group is (or claims to be) a TARGET selection: its code, as the worklist's index reads it. */
export function isSelectionGroup(group: {
  readonly resourceType?: string;
  readonly code?: { readonly coding?: readonly { readonly system?: string; readonly code?: string }[] };
}): boolean {
  return (
    (group.resourceType === undefined || group.resourceType === 'Group') &&
    (group.code?.coding ?? []).some((c) => c.system === TargetConceptCodeSystem.url && c.code === 'selection')
  );
}
