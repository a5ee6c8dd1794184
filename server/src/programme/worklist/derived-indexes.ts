// The worklist's derived indexes (store/write/derived-index.ts), so a page of a 100,000-member selection is
// SQL over narrow tables instead of reading the Group's JSON: per selection Group one row per member (score,
// category, HNHC, subgroup, position), per Patient the Dutch surname sort key and the name as shown, per
// invitation Task its patient, practice and status, per conversation follow-up Task its due date. The rules stay the package's pure functions.

import { formatHumanName } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import {
  dutchSortKey,
  Extensions,
  followUpDueDate,
  isFollowUpTask,
  isInvitationTask,
  isSelectionGroup,
  preferredName,
} from '@target/profiles';
import type { Task } from 'fhir/r4.js';
import type { DerivedIndex } from '../../store/write/derived-index.ts';
import { parseReference } from '../../store/write/indexer.ts';
import { asR4 } from '../repository-reader.ts';

type Ext = { url?: string; valueDecimal?: number; valueBoolean?: boolean; valueCoding?: { code?: string } };

function extension(extensions: readonly Ext[] | undefined, url: string): Ext | undefined {
  return extensions?.find((e) => e.url === url);
}

function referencedId(reference: string | undefined, type: string): string | undefined {
  const target = reference ? parseReference(reference) : undefined;
  return target?.type === type ? target.id : undefined;
}

/** Selection Groups (code TARGET selection) only: other Groups have no scores to page through. */
export const MEMBER_INDEX: DerivedIndex = {
  table: 'target_group_member',
  resourceType: 'Group',
  version: 1,
  columns: [
    ['position', 'integer'],
    ['patient_id', 'text'],
    ['score', 'numeric'],
    ['category', 'text'],
    ['hnhc', 'boolean'],
    ['subgroup', 'text', 'nullable'],
  ],
  indexes: [
    'CREATE INDEX ON target_group_member (rid, score)',
    'CREATE INDEX ON target_group_member (rid, patient_id)',
  ],
  rows(resource: Resource) {
    const group = asR4('Group', resource);
    if (!isSelectionGroup(group)) {
      return [];
    }
    return (group.member ?? []).flatMap((member, position) => {
      const patientId = referencedId(member.entity?.reference, 'Patient');
      const score = extension(member.extension, Extensions.TargetMemberCareBurdenScore)?.valueDecimal;
      const category = extension(member.extension, Extensions.TargetMemberCareBurdenCategory)?.valueCoding?.code;
      if (!patientId || score === undefined || !category) {
        return [];
      }
      const hnhc = extension(member.extension, Extensions.TargetMemberHnhc)?.valueBoolean ?? false;
      const subgroup = extension(member.extension, Extensions.TargetMemberSubgroup)?.valueCoding?.code ?? null;
      return [[position, patientId, score, category, hnhc, subgroup]];
    });
  },
};

/** One row per selection Group: whose it is, its date and settings, so a page never reads the Group's JSON. */
export const SELECTION_INDEX: DerivedIndex = {
  table: 'target_selection',
  resourceType: 'Group',
  version: 1,
  columns: [
    ['practice_id', 'text'],
    ['reference_date', 'text'],
    ['settings_used', 'text'],
    ['members', 'integer'],
  ],
  indexes: ['CREATE INDEX ON target_selection (practice_id)'],
  rows(resource: Resource) {
    const group = asR4('Group', resource);
    const practiceId = referencedId(group.managingEntity?.reference, 'Organization');
    const date = group.extension?.find((e) => e.url === Extensions.TargetReferenceDate)?.valueDate;
    const settings = group.extension?.find((e) => e.url === Extensions.TargetSettingsUsed)?.valueReference?.reference;
    if (!isSelectionGroup(group) || !practiceId || !date || !settings) {
      return [];
    }
    return [[practiceId, date, settings, group.member?.length ?? 0]];
  },
};

/** The name a worklist shows and sorts on (Dutch surname order: profiles/src/names/dutch-sort.ts). */
export const PATIENT_NAME_INDEX: DerivedIndex = {
  table: 'target_patient_name',
  resourceType: 'Patient',
  version: 1,
  columns: [
    ['patient_id', 'text'],
    ['sort_key', 'text', 'nullable'],
    ['display', 'text', 'nullable'],
  ],
  indexes: ['CREATE INDEX ON target_patient_name (patient_id)'],
  rows(resource: Resource) {
    const patient = asR4('Patient', resource);
    const name = preferredName(patient.name);
    const display = name ? formatHumanName(name as Parameters<typeof formatHumanName>[0]) || null : null;
    return patient.id ? [[patient.id, dutchSortKey(name) ?? null, display]] : [];
  },
};

/**
 * A practice's Tasks of one kind for the worklist (invitations, conversation follow-ups): one row per Task
 * with its patient (`for`), owning practice (`owner`), status and one column of its own; Tasks of another
 * kind, or missing one of these, have no row.
 */
function practiceTaskIndex(
  table: string,
  isKind: (task: Task) => boolean,
  extra: readonly [name: string, sqlType: string, nullable?: 'nullable'],
  extraValue: (task: Task) => string | null | undefined,
): DerivedIndex {
  return {
    table,
    resourceType: 'Task',
    version: 1,
    columns: [['task_id', 'text'], ['patient_id', 'text'], ['practice_id', 'text'], ['status', 'text'], extra],
    indexes: [`CREATE INDEX ON ${table} (practice_id, patient_id)`],
    rows(resource: Resource) {
      const task = asR4('Task', resource);
      const patientId = referencedId(task.for?.reference, 'Patient');
      const practiceId = referencedId(task.owner?.reference, 'Organization');
      const value = extraValue(task) ?? null;
      if (!isKind(task) || !task.id || !patientId || !practiceId || (value === null && extra[2] !== 'nullable')) {
        return [];
      }
      return [[task.id, patientId, practiceId, task.status, value]];
    },
  };
}

/** Invitation Tasks (TargetInvitationTask) by patient and owning practice. */
export const INVITATION_INDEX = practiceTaskIndex(
  'target_invitation',
  isInvitationTask,
  ['authored_on', 'text', 'nullable'],
  (task) => task.authoredOn,
);

/** Follow-up Tasks of other conversations (TargetFollowUpTask) by patient, owning practice and due date. */
export const FOLLOW_UP_INDEX = practiceTaskIndex(
  'target_follow_up',
  isFollowUpTask,
  ['due_date', 'text'],
  followUpDueDate,
);

export const WORKLIST_DERIVED_INDEXES: readonly DerivedIndex[] = [
  SELECTION_INDEX,
  MEMBER_INDEX,
  PATIENT_NAME_INDEX,
  INVITATION_INDEX,
  FOLLOW_UP_INDEX,
];
