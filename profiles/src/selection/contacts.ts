// Which Encounters are GP contacts, of which contact type, and how many of each fall in the window
// (DOMAIN.md "Weights"). An explicit code in Encounter.type wins over class and length. Only contacts with the
// practice count: an Encounter of another provider (a hospital's outpatient visit, say) is no GP contact.
import type { Coding, Encounter } from 'fhir/r4.js';
import { ExternalSystems } from '../external.ts';
import {
  TARGET_CANONICAL_BASE,
  type TargetContactTypeCode,
  TargetContactTypeCodeSystem,
} from '../generated/canonical.ts';
import { CONTACT_TYPES } from './settings.ts';
import { type CountingWindow, endMs, startMs } from './time.ts';

/**
 * NZa declaration codes (prestatiecodes) of GP contacts. No FHIR system URI for them is published, so
 * TARGET names one (assumption, to replace when Vektis/Nictiz publish theirs).
 */
export const NZA_DECLARATION_SYSTEM = `${TARGET_CANONICAL_BASE}/sid/nza-declaration-code`;
export const NZA_CONTACT_TYPES: Readonly<Record<string, TargetContactTypeCode>> = {
  '12000': 'consult',
  '12001': 'consult-long',
  '12002': 'visit',
  '12003': 'visit-long',
  '12004': 'phone',
  '12007': 'e-consult',
  '12010': 'consult-short',
  '12011': 'consult',
};

/** Encounter.type codes that make a virtual (VR) contact a telephone consult. */
export const TELEPHONE_TYPES: readonly Coding[] = [{ system: ExternalSystems.SCT, code: '185317003' }];

/** Encounters in these states are no contact: called off, recorded by mistake, or not happened yet. */
export const UNCOUNTED_ENCOUNTER_STATUSES: readonly string[] = ['cancelled', 'entered-in-error', 'planned'];

/** A period from which a length is read must be shorter than this; longer ones say which day, not how long. */
export const MAX_PERIOD_LENGTH_SECONDS = 12 * 3600;

const DAY_MS = 86_400_000;
const SHORT_SECONDS = 5 * 60;
const LONG_SECONDS = 20 * 60;
const UCUM_SECONDS: Readonly<Record<string, number>> = { s: 1, min: 60, h: 3600, d: 86_400 };

/**
 * The explicit contact type of an Encounter.type coding, if it is one. Codes compare case-insensitively, as
 * the search index (and so the SQL selection) stores them.
 */
export function explicitContactType(coding: Coding): TargetContactTypeCode | undefined {
  const code = coding.code?.toLowerCase();
  if (coding.system === TargetContactTypeCodeSystem.url && CONTACT_TYPES.includes(code as never)) {
    return code as TargetContactTypeCode;
  }
  if (coding.system === NZA_DECLARATION_SYSTEM && code !== undefined) {
    return NZA_CONTACT_TYPES[code];
  }
  return undefined;
}

/**
 * How long the contact took, in whole seconds: Encounter.length (UCUM s, min, h, d), else period end −
 * start, when that is under 12 hours and neither end is a bare date. A date without time reads as a whole
 * UTC day (search semantics), so a bare date is recognised the way the SQL path must: a start on a UTC
 * midnight or an end on the last millisecond of a UTC day.
 */
export function contactSeconds(encounter: Encounter): number | undefined {
  const { length, period } = encounter;
  const unitSeconds = UCUM_SECONDS[length?.code ?? ''];
  if (length?.value !== undefined && unitSeconds !== undefined && length.system === ExternalSystems.UCUM) {
    return Math.floor(length.value * unitSeconds);
  }
  const from = startMs(period?.start);
  const to = endMs(period?.end);
  if (from === undefined || to === undefined || to < from || from % DAY_MS === 0 || (to + 1) % DAY_MS === 0) {
    return undefined;
  }
  const seconds = Math.floor((to - from) / 1000);
  return seconds < MAX_PERIOD_LENGTH_SECONDS ? seconds : undefined;
}

function lengthType(
  seconds: number | undefined,
  short: TargetContactTypeCode,
  normal: TargetContactTypeCode,
  long: TargetContactTypeCode,
): TargetContactTypeCode {
  if (seconds === undefined) {
    return normal;
  }
  return seconds < SHORT_SECONDS ? short : seconds >= LONG_SECONDS ? long : normal;
}

/** The contact type of an Encounter, or undefined when it is not a GP contact (e.g. an admission). */
export function contactTypeOf(encounter: Encounter): TargetContactTypeCode | undefined {
  const explicit = new Set((encounter.type ?? []).flatMap((t) => (t.coding ?? []).map(explicitContactType)));
  // Several explicit codes (a data error): the first in CodeSystem order, so every path picks the same.
  const chosen = CONTACT_TYPES.find((type) => explicit.has(type));
  if (chosen) {
    return chosen;
  }
  if (encounter.class?.system !== ExternalSystems.ActCode) {
    return undefined;
  }
  switch (encounter.class.code?.toUpperCase()) {
    case 'AMB':
      return lengthType(contactSeconds(encounter), 'consult-short', 'consult', 'consult-long');
    case 'HH':
      // A home visit has no short variant: under 20 minutes is a visit.
      return lengthType(contactSeconds(encounter), 'visit', 'visit', 'visit-long');
    case 'VR': {
      const phone = (encounter.type ?? []).some((t) =>
        t.coding?.some((c) => TELEPHONE_TYPES.some((p) => p.system === c.system && p.code === c.code)),
      );
      return phone ? 'phone' : 'e-consult';
    }
    default:
      return undefined;
  }
}

export type ContactCounts = Record<TargetContactTypeCode, number>;

export function emptyContactCounts(): ContactCounts {
  return Object.fromEntries(CONTACT_TYPES.map((type) => [type, 0])) as ContactCounts;
}

/**
 * The practice as an Encounter names it (DOMAIN.md: care burden is about contacts with the GP practice).
 * References compare as written, like the practice-nurse rule's.
 */
export interface ContactPractice {
  /** `Organization/{id}` of the practice (of each of the patient's practices when no single one is asked). */
  organizations: ReadonlySet<string>;
  /** Who works there: `PractitionerRole/{id}` of each role at the practice and the Practitioner reference of each. */
  staff: ReadonlySet<string>;
}

/**
 * Whose contact an Encounter is: `practice` when its serviceProvider is the practice, or — without a
 * serviceProvider — when a participant works there; `other-provider` when its serviceProvider is another
 * organisation (a hospital, an out-of-hours service: even when a GP of the practice took part);
 * `unattributed` when it names neither (the setting `count-unattributed-encounters` decides).
 */
export type ContactProvider = 'practice' | 'other-provider' | 'unattributed';

export interface CountOptions {
  window: CountingWindow;
  countPracticeNurse: boolean;
  /** `PractitionerRole/…` and `Practitioner/…` references of the practice nurses (POH). */
  practiceNurses: ReadonlySet<string>;
  practice: ContactPractice;
  /** Whether an Encounter that names neither a serviceProvider nor anyone of the practice counts. */
  countUnattributed: boolean;
}

/**
 * What counting needs of one Encounter, independent of settings and date: when it started, its contact type,
 * who took part and who provided it. Undefined when it is no contact at all (a counted-out status, no start,
 * not a GP contact type). The server stores this per Encounter when it is written (a derived index), so a
 * region is counted from one small table; countContacts reads the same fact, so both paths apply one rule.
 */
export interface ContactFact {
  startMs: number;
  type: TargetContactTypeCode;
  /** Participant.individual references, as written. */
  participants: string[];
  /** Encounter.serviceProvider's reference, as written; absent when it has none (an identifier or display only). */
  serviceProvider?: string;
}

export function contactFact(encounter: Encounter): ContactFact | undefined {
  if (UNCOUNTED_ENCOUNTER_STATUSES.includes(encounter.status)) {
    return undefined;
  }
  const at = startMs(encounter.period?.start);
  const type = at === undefined ? undefined : contactTypeOf(encounter);
  if (at === undefined || type === undefined) {
    return undefined;
  }
  const participants = (encounter.participant ?? []).flatMap((p) =>
    p.individual?.reference ? [p.individual.reference] : [],
  );
  const serviceProvider = encounter.serviceProvider?.reference;
  return { startMs: at, type, participants, ...(serviceProvider ? { serviceProvider } : {}) };
}

/** Whose contact it is (ContactProvider): the serviceProvider decides when there is one, else the participants. */
export function contactProvider(fact: ContactFact, practice: ContactPractice): ContactProvider {
  if (fact.serviceProvider !== undefined) {
    return practice.organizations.has(fact.serviceProvider) ? 'practice' : 'other-provider';
  }
  return fact.participants.some((reference) => practice.staff.has(reference)) ? 'practice' : 'unattributed';
}

/**
 * Whether a contact counts under the options: in the window, with the practice (or unattributed, when those
 * count), and not a practice nurse's when those are out.
 */
export function countsAsContact(fact: ContactFact, options: CountOptions): boolean {
  const provider = contactProvider(fact, options.practice);
  return (
    fact.startMs >= options.window.fromMs &&
    fact.startMs < options.window.toMs &&
    (provider === 'practice' || (provider === 'unattributed' && options.countUnattributed)) &&
    (options.countPracticeNurse || !fact.participants.some((reference) => options.practiceNurses.has(reference)))
  );
}

/** Counts the patient's contacts in the window, per type. An Encounter without period.start is not placed. */
export function countContacts(encounters: readonly Encounter[], options: CountOptions): ContactCounts {
  const counts = emptyContactCounts();
  for (const encounter of encounters) {
    const fact = contactFact(encounter);
    if (fact && countsAsContact(fact, options)) {
      counts[fact.type] += 1;
    }
  }
  return counts;
}
