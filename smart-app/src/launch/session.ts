// What every view knows about the launch: the FHIR client pointed at the launch's FHIR base with the SMART
// token, the launch context, and what the server offers. Views read it with useSmartSession(); the launch
// module (this folder) creates it after the OAuth round trip.
import type { MedplumClient } from '@medplum/core';
import { ScopeSet } from '@target/profiles';
import { createContext, useContext } from 'react';

/** What the FHIR server offers beyond plain R4, read from its CapabilityStatement. */
export interface TargetCapabilities {
  /** `Patient/$care-burden` is offered: the server computes (and may persist) a patient's care burden. */
  readonly careBurden: boolean;
  /** `Group/$target-selection` is offered: the practice worklist and new selections need it. */
  readonly targetSelection: boolean;
  /** `QuestionnaireResponse/$extract` is offered: the server extracts Positive Health Observations. */
  readonly extract?: boolean;
}

export interface SmartSession {
  /** baseUrl/fhirUrlPath point at the launch's `iss`; the access token is set; no Medplum-only endpoint is used. */
  readonly medplum: MedplumClient;
  /** The launch's `iss` (FHIR base URL, no trailing slash). */
  readonly fhirBaseUrl: string;
  /** Launch context: the patient in the EHR banner, absent for a practice-level launch. */
  readonly patientId?: string;
  readonly encounterId?: string;
  /** The signed-in user as a FHIR reference (`Practitioner/…`, `PractitionerRole/…`, `Patient/…`). */
  readonly fhirUser?: string;
  /** The practice (Organization id) the user works for, when the server tells it. */
  readonly practiceId?: string;
  /** Granted scopes, space separated (parse them with ScopeSet from @target/profiles). */
  readonly scope: string;
  /** SMART need_patient_banner: no EHR banner shows the patient, so the app names the patient itself. */
  readonly needPatientBanner?: boolean;
  readonly capabilities: TargetCapabilities;
}

export const SmartSessionContext = createContext<SmartSession | undefined>(undefined);

export function useSmartSession(): SmartSession {
  const session = useContext(SmartSessionContext);
  if (!session) {
    throw new Error('useSmartSession outside a launched app: wrap the view in <SmartSessionContext.Provider>');
  }
  return session;
}

/**
 * The granted scopes, read with the grammar the TARGET servers use (v2 `user/Task.cruds`, v1 `user/*.write`):
 * `grantedScopes(session).permits('Task', 'c')` before offering to write one.
 */
export function grantedScopes(session: Pick<SmartSession, 'scope'>): ScopeSet {
  return ScopeSet.parse(session.scope);
}
