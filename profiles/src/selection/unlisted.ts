// Why a selection has nobody to select, in words (issue 14: records imported from another system name no
// practice, and the selection answered an empty list without saying why). A patient is on a practice's list
// when Patient.generalPractitioner names the practice (or a practitioner working there); these outcomes say
// how many patients there are, how many are listed, and how to list them: the import option or the
// `practice list` command (README "Command line").
import type { OperationOutcome } from 'fhir/r4.js';

/** How to list patients, for a practice id or (absent) in general. */
export function listingHint(practiceId?: string): string {
  const practice = practiceId ?? '<Organization id>';
  return (
    `List patients with \`npm run target -- practice list ${practice} --rule all\` (every patient, or --patients <ids|file>) ` +
    `or \`--rule most-contacts\` (those whose most GP contacts were with that organisation), ` +
    `or import with \`npm run target -- import <folder> --practice ${practice}\`; ` +
    'a patient is listed when Patient.generalPractitioner names the practice or a practitioner working there.'
  );
}

export interface UnlistedPracticeContext {
  practiceId: string;
  referenceDate: string;
  /**
   * Patients on record and how many of them any TARGET practice lists on the reference date; absent for a
   * caller who acts for one practice (figures over every practice are not theirs to see).
   */
  census?: { patients: number; listedWithAny: number };
}

function outcome(severity: 'warning' | 'information', text: string, expression?: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      { severity, code: 'informational', details: { text }, ...(expression ? { expression: [expression] } : {}) },
    ],
  };
}

/** A practice with no listed patient: nothing was selected nor written. */
export function unlistedPracticeOutcome(context: UnlistedPracticeContext): OperationOutcome {
  const { practiceId, referenceDate, census } = context;
  const counts = census
    ? `Of ${census.patients} patient(s) on record, ${census.listedWithAny} are listed with a TARGET practice. `
    : '';
  return outcome(
    'warning',
    `No patient is listed with Organization/${practiceId} on ${referenceDate}, so nothing was selected or written. ` +
      `${counts}${listingHint(practiceId)}`,
    'practice',
  );
}

/** No Organization is a TARGET practice: there is no practice to select for. */
export function noPracticeOutcome(patients: number): OperationOutcome {
  return outcome(
    'warning',
    `No Organization is a TARGET practice, so nothing was selected: ${patients} patient(s) on record, none listed with a practice. ` +
      "Make the organisation that provided most of each patient's GP contacts their practice with " +
      '`npm run target -- practice list --rule most-contacts`, or name one practice for everybody with ' +
      '`npm run target -- practice list <Organization id> --rule all` (an Organization becomes a TARGET practice with a name and any identifier; no AGB code is needed).',
  );
}

/** The text of the 422 for $care-burden of a patient no practice lists. */
export function unlistedPatientText(patientId: string): string {
  return (
    `Patient/${patientId} is not listed with a practice (Patient.generalPractitioner names none). ` +
    `List the patient with \`npm run target -- practice list <Organization id> --patients ${patientId}\` ` +
    '(or `--rule most-contacts`), or import with `--practice <Organization id>`.'
  );
}
