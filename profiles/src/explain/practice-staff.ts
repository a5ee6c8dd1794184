// Who may see practice-internal results (care burden, subgroup, selection: security-labels.ts) in an app:
// practice staff only. The signed-in user is known by SMART's fhirUser; a patient or a related person is
// never staff; a practitioner with a practice role (TargetPracticeRoleCodeSystem) is. Without one: at a
// partner organisation (TargetPartnerOrganization: a welfare or social-domain worker) a partner; on a server
// that records practice roles with TARGET's codes (a TARGET server) unknown; on a foreign GP EHR, whose
// practitioners carry no TARGET codes and whose users are its practice's staff, practice staff. Unknown
// users see nothing practice-internal.
import type { Organization, PractitionerRole } from 'fhir/r4.js';
import { Profiles, TargetPracticeRoleCodeSystem } from '../generated/canonical.ts';

export type UserKind = 'practice-staff' | 'partner' | 'patient' | 'unknown';

const PATIENT_SIDE = ['Patient', 'RelatedPerson', 'Person'];
const PRACTITIONER_SIDE = ['Practitioner', 'PractitionerRole'];

function hasPracticeRole(role: PractitionerRole): boolean {
  return (role.code ?? []).some((concept) =>
    concept.coding?.some((c) => c.system === TargetPracticeRoleCodeSystem.url),
  );
}

function isPartner(organization: Organization | undefined): boolean {
  return organization?.meta?.profile?.includes(Profiles.TargetPartnerOrganization) ?? false;
}

/**
 * The kind of user a SMART fhirUser is.
 * @param fhirUser - `Practitioner/…`, `PractitionerRole/…`, `Patient/…` (relative or absolute), or absent.
 * @param roles - The user's PractitionerRoles as found (for a PractitionerRole user: that role).
 * @param organizations - The Organizations those roles name, as found (absent ones are simply unknown).
 * @param options.practiceRolesCoded - The server records practice roles with TARGET's codes (a TARGET server).
 */
export function userKindOf(
  fhirUser: string | undefined,
  roles: readonly PractitionerRole[],
  organizations: readonly Organization[],
  options: { practiceRolesCoded: boolean },
): UserKind {
  const type = fhirUser?.split('/').at(-2);
  if (!type) {
    return 'unknown';
  }
  if (PATIENT_SIDE.includes(type)) {
    return 'patient';
  }
  if (!PRACTITIONER_SIDE.includes(type)) {
    return 'unknown';
  }
  if (roles.some(hasPracticeRole)) {
    return 'practice-staff';
  }
  const byReference = new Map(organizations.map((o) => [`Organization/${o.id}`, o]));
  if (roles.some((role) => isPartner(byReference.get(role.organization?.reference ?? '')))) {
    return 'partner';
  }
  return options.practiceRolesCoded ? 'unknown' : 'practice-staff';
}
