// Numbers and dates in the user's language: decimal comma in Dutch, dates as the EHR shows them.
import { formatCodeableConcept, formatDate } from '@medplum/core';
import type { CodeableConcept } from '@medplum/fhirtypes';
import type { CodeableConcept as R4CodeableConcept } from 'fhir/r4.js';
import type { Language } from '../../../i18n/index.tsx';

const LOCALES: Readonly<Record<Language, string>> = { nl: 'nl-NL', en: 'en-GB' };

export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 2 }).format(value);
}

/** A FHIR date or dateTime as a calendar date (in the practice's time zone for a dateTime). */
export function formatDay(value: string | undefined, language: Language): string {
  if (!value) {
    return '';
  }
  if (/^\d{4}(-\d{2}){0,2}$/.test(value)) {
    return formatDate(value, LOCALES[language], { timeZone: 'UTC' });
  }
  // Not @medplum/core's formatDate: it drops the time of day in UTC first, so a conversation at 00:30 in
  // Drenthe (23:30 UTC) would be dated the day before.
  const instant = new Date(value);
  return Number.isNaN(instant.getTime())
    ? ''
    : instant.toLocaleDateString(LOCALES[language], { timeZone: 'Europe/Amsterdam' });
}

/** A CodeableConcept's text (its text, else a display) with @medplum/core's formatter, for @types/fhir values. */
export function conceptText(concept: R4CodeableConcept | undefined): string {
  return formatCodeableConcept(concept as CodeableConcept | undefined);
}
