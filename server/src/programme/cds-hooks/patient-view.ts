// The `target-patient-view` service (CDS Hooks 2.0, hook patient-view): when the EHR opens a patient whose
// latest stored care-burden result selects them for the other conversation ("het andere gesprek": the high
// stratum or HNHC, the package's isSelectedForConversation), one card suggests it and links to the TARGET
// SMART app; everyone else, and patients without a result, get no card. The verdict is the stored
// Observation's (latestCareBurden), never recomputed. Whether the conversation was held since is the app's
// worklist question (otherConversationDue): it needs Encounters, which this service's tokens do not read.
import { randomUUID } from 'node:crypto';
import { formatHumanName } from '@medplum/core';
import {
  type FhirReader,
  isSelectedForConversation,
  latestCareBurden,
  type StoredCareBurden,
  TargetCareBurdenCategoryCodeSystem,
  TargetObservationCodeSystem,
} from '@target/profiles';
import type { Patient } from 'fhir/r4.js';
import { fromR4 } from '../repository-reader.ts';
import { CdsRequestError, type PatientViewRequest } from './request.ts';

/** Discovery entry (CDS Hooks 2.0 §Discovery); the prefetch template lets the EHR send the Patient along. */
export const PATIENT_VIEW_SERVICE = {
  hook: 'patient-view',
  id: 'target-patient-view',
  title: 'TARGET: hoge zorgzwaarte / high care burden',
  description:
    'Toont een kaart bij patiënten met een hoge zorgzwaarte of HNHC volgens de laatste TARGET-selectie, met een ' +
    'link naar de TARGET-app. / Shows a card for patients with a high care burden or HNHC in the latest TARGET ' +
    'selection, with a link to the TARGET app.',
  prefetch: { patient: 'Patient/{{context.patientId}}' },
  usageRequirements:
    'fhirAuthorization met leesrechten op Patient en Observation, of een CDS-client-JWT van een vertrouwd EPD. / ' +
    'fhirAuthorization that may read Patient and Observation, or a CDS client JWT of a trusted EHR.',
} as const;

export const CARD_SUMMARY =
  'Hoge zorgzwaarte — overweeg het andere gesprek / High care burden — consider the other conversation';

/** The SMART app a card links to: a registered client with a launch URL. */
export interface CardApp {
  readonly name: string;
  readonly launchUrl: string;
}

export interface Card {
  readonly uuid: string;
  readonly summary: string;
  readonly detail: string;
  readonly indicator: 'info' | 'warning' | 'critical';
  readonly source: { label: string; url?: string; topic?: { system: string; code: string; display: string } };
  readonly links?: { label: string; url: string; type: 'absolute' | 'smart'; appContext?: string }[];
}

export interface PatientViewOptions {
  readonly reader: FhirReader;
  readonly app: CardApp | undefined;
  /** Shown as the card's source link. */
  readonly sourceUrl: string;
}

export async function patientViewCards(request: PatientViewRequest, options: PatientViewOptions): Promise<Card[]> {
  const patientId = request.context.patientId;
  const patient = request.prefetchedPatient ?? (await options.reader.read<Patient>(`Patient/${patientId}`));
  if (!patient) {
    throw new CdsRequestError(`context.patientId: there is no Patient/${patientId}`);
  }
  const result = await latestCareBurden(options.reader, `Patient/${patientId}`);
  if (!result || !isSelectedForConversation(result)) {
    return [];
  }
  return [card(patient, result, options)];
}

function card(patient: Patient, result: StoredCareBurden, options: PatientViewOptions): Card {
  const name = fromR4(patient).name?.[0];
  const shown = name ? formatHumanName(name) : `Patient/${patient.id}`;
  const verdictNl = [`zorgzwaarte ${TargetCareBurdenCategoryCodeSystem.codes[result.category].toLowerCase()}`];
  const verdictEn = [`care burden ${result.category}`];
  if (result.hnhc) {
    verdictNl.push('HNHC (high need, high cost)');
    verdictEn.push('HNHC (high need, high cost)');
  }
  const detail = [
    `**${shown}**: ${verdictNl.join(', ')} in de TARGET-selectie tot en met ${result.window.end}. ` +
      'Overweeg het andere gesprek: een persoonsgericht gesprek over wat voor deze patiënt belangrijk is.',
    `*English:* ${verdictEn.join(', ')} in the TARGET selection up to ${result.window.end}. ` +
      'Consider the other conversation: a person-centred talk about what matters to this patient.',
  ].join('\n\n');
  const patientId = patient.id as string;
  return {
    uuid: randomUUID(),
    summary: CARD_SUMMARY,
    detail,
    indicator: 'warning',
    source: {
      label: 'TARGET',
      url: options.sourceUrl,
      topic: { system: TargetObservationCodeSystem.url, code: 'care-burden', display: 'Zorgzwaarte' },
    },
    ...(options.app
      ? {
          links: [
            {
              label: `Open ${options.app.name}`,
              url: options.app.launchUrl,
              type: 'smart' as const,
              appContext: JSON.stringify({ patient: patientId }),
            },
          ],
        }
      : {}),
  };
}
