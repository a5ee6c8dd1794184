// A demo practice and its people: the Organization (TargetPracticeOrganization), one Practitioner
// (TargetPractitioner) per staff member and a PractitionerRole tying each to the practice with a
// TargetPracticeRoleCodeSystem code. Staffing follows Dutch norms per registered patient: about one GP
// per 2,300 patients (the LHV norm practice), a practice nurse for somatic care (POH-somatiek), a mental
// health practice nurse (POH-GGZ) and assistants; every practice has at least one of each.
import type { Organization, Practitioner, PractitionerRole, Resource } from '@medplum/fhirtypes';
import {
  buildPracticeOrganization,
  buildPractitioner,
  type TargetPracticeRoleCode,
  TargetPracticeRoleCodeSystem,
} from '@target/profiles';
import { createRng, fmix32, resourceId } from './random.ts';
import { testData, testMeta } from './test-data.ts';
import { DEMO_STREETS, DRENTHE_PLACES, familyName, givenName, type Place, postcode } from './vocabulary.ts';

/** Patients per staff member of each role; the rounded ratio, at least one. */
const PATIENTS_PER: Record<TargetPracticeRoleCode, number> = {
  gp: 2300,
  'practice-nurse': 3500,
  'practice-nurse-mental-health': 5000,
  assistant: 1500,
};
const ROLE_ORDER: readonly TargetPracticeRoleCode[] = [
  'gp',
  'practice-nurse',
  'practice-nurse-mental-health',
  'assistant',
];

export interface StaffMember {
  readonly role: TargetPracticeRoleCode;
  readonly practitionerId: string;
  readonly roleId: string;
}

export interface Practice {
  readonly index: number;
  readonly organizationId: string;
  readonly place: Place;
  readonly staff: readonly StaffMember[];
  readonly gps: readonly StaffMember[];
  readonly nurses: readonly StaffMember[];
  readonly mentalHealthNurses: readonly StaffMember[];
  /** The Organization, Practitioners and PractitionerRoles, in the order they must be written. */
  readonly resources: readonly Resource[];
}

export function staffCount(role: TargetPracticeRoleCode, patients: number): number {
  return Math.max(1, Math.round(patients / PATIENTS_PER[role]));
}

/**
 * Builds practice `index` for `patients` registered patients. `firstStaff` is the global index of its first
 * staff member (staff ids are numbered across practices).
 */
export function buildPractice(index: number, patients: number, firstStaff: number, seed: number): Practice {
  const rng = createRng(fmix32(seed * 0x3c6ef372 + index * 0x1b873593 + 0x7e57));
  const place = DRENTHE_PLACES[index % DRENTHE_PLACES.length];
  const round = Math.floor(index / DRENTHE_PLACES.length);
  const organizationId = resourceId('Organization', index, seed);
  const organization = testData(
    buildPracticeOrganization({
      id: organizationId,
      agb: `01${String(50_000 + index).padStart(6, '0')}`,
      name: `Huisartsenpraktijk ${place.city}${round > 0 ? ` ${round + 1}` : ''}`,
      addresses: [
        {
          use: 'work',
          line: [`${DEMO_STREETS[Math.floor(rng() * DEMO_STREETS.length)]} ${1 + Math.floor(rng() * 80)}`],
          postalCode: postcode(rng, place),
          city: place.city,
          country: 'NL',
        },
      ],
    }) as Organization,
  );
  const staff: StaffMember[] = [];
  const resources: Resource[] = [organization];
  const roles: PractitionerRole[] = [];
  for (const role of ROLE_ORDER) {
    for (let k = 0; k < staffCount(role, patients); k++) {
      const staffIndex = firstStaff + staff.length;
      const member: StaffMember = {
        role,
        practitionerId: resourceId('Practitioner', staffIndex, seed),
        roleId: resourceId('PractitionerRole', staffIndex, seed),
      };
      staff.push(member);
      resources.push(buildStaffPractitioner(rng, member, staffIndex));
      roles.push(buildRole(member, organizationId));
    }
  }
  // Roles after all Practitioners: a streaming writer then never meets a role before its practitioner.
  resources.push(...roles);
  return {
    index,
    organizationId,
    place,
    staff,
    gps: staff.filter((m) => m.role === 'gp'),
    nurses: staff.filter((m) => m.role === 'practice-nurse'),
    mentalHealthNurses: staff.filter((m) => m.role === 'practice-nurse-mental-health'),
    resources,
  };
}

function buildStaffPractitioner(rng: () => number, member: StaffMember, staffIndex: number): Practitioner {
  const male = rng() < (member.role === 'gp' ? 0.45 : 0.15);
  const given = givenName(rng, male, 1975 + Math.floor(rng() * 25));
  const family = familyName(rng);
  // GPs and practice nurses are registered in the AGB register (Vektis); assistants are not.
  const agb =
    member.role === 'assistant'
      ? undefined
      : `${member.role === 'gp' ? '01' : '90'}${String(100_000 + staffIndex).padStart(6, '0')}`;
  return testData(
    buildPractitioner({
      id: member.practitionerId,
      agb,
      names: [{ use: 'official', text: `${given} ${family}`, family, given: [given] }],
    }) as Practitioner,
  );
}

function buildRole(member: StaffMember, organizationId: string): PractitionerRole {
  return {
    resourceType: 'PractitionerRole',
    id: member.roleId,
    meta: testMeta(),
    active: true,
    practitioner: { reference: `Practitioner/${member.practitionerId}` },
    organization: { reference: `Organization/${organizationId}` },
    code: [
      {
        coding: [
          {
            system: TargetPracticeRoleCodeSystem.url,
            code: member.role,
            display: TargetPracticeRoleCodeSystem.codes[member.role],
          },
        ],
      },
    ],
  };
}
