// FHIR status codes in words (Encounter, Goal, CarePlan, ServiceRequest, Task share most of them). A code
// without words here is shown as the code itself: never a guess at what it means.
import type { Language } from '../../../i18n/index.tsx';

const STATUS_WORDS: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  nl: {
    planned: 'gepland',
    arrived: 'aangekomen',
    'in-progress': 'bezig',
    finished: 'afgerond',
    completed: 'afgerond',
    cancelled: 'geannuleerd',
    'entered-in-error': 'foutief ingevoerd',
    proposed: 'voorgesteld',
    accepted: 'geaccepteerd',
    active: 'actief',
    'on-hold': 'gepauzeerd',
    rejected: 'afgewezen',
    draft: 'concept',
    revoked: 'ingetrokken',
    requested: 'aangevraagd',
    received: 'ontvangen',
    ready: 'klaar om te starten',
    failed: 'mislukt',
    unknown: 'onbekend',
  },
  en: {
    planned: 'planned',
    arrived: 'arrived',
    'in-progress': 'in progress',
    finished: 'finished',
    completed: 'completed',
    cancelled: 'cancelled',
    'entered-in-error': 'entered in error',
    proposed: 'proposed',
    accepted: 'accepted',
    active: 'active',
    'on-hold': 'on hold',
    rejected: 'rejected',
    draft: 'draft',
    revoked: 'revoked',
    requested: 'requested',
    received: 'received',
    ready: 'ready',
    failed: 'failed',
    unknown: 'unknown',
  },
};

export function statusInWords(code: string | undefined, language: Language): string {
  return code ? (STATUS_WORDS[language][code] ?? code) : '';
}
