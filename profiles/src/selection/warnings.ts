// Warnings that go with a selection result: the rules ran, but on data that cannot tell the practice's
// patients apart. Each is an OperationOutcome of severity warning, answered with $target-selection's summary
// per practice and with $care-burden (issue 14: records imported from another system often end years
// before today, the default reference date).
import type { OperationOutcome } from 'fhir/r4.js';
import type { PatientAssessment } from './assess.ts';
import { addDays, type CountingWindow, practiceDateOf } from './time.ts';

/**
 * Whether the practice's counting window holds no contact: it has chronically ill patients, and none of them
 * has a counted contact in the window. Every care burden is then 0 and every patient low.
 */
export function isCountingWindowEmpty(assessments: readonly PatientAssessment[]): boolean {
  return assessments.length > 0 && assessments.every((a) => a.contacts.length === 0);
}

export interface EmptyWindowContext {
  /** `Organization/{id}`. */
  practice: string;
  window: CountingWindow;
  /** Start of the latest counted contact of the practice's listed patients at any date; absent when none. */
  latestContactMs?: number;
}

/**
 * The warning for an empty counting window, suggesting a reference date that counts the year up to the
 * practice's latest contact (the day after it: the reference date itself is outside the window).
 */
export function emptyWindowOutcome(context: EmptyWindowContext): OperationOutcome {
  const { practice, window, latestContactMs } = context;
  const latest = latestContactMs === undefined ? undefined : practiceDateOf(latestContactMs);
  const hint = latest
    ? `The latest counted contact of its patients began on ${latest}: the reference date ${addDays(latest, 1)} counts the period up to it.`
    : 'Its patients have no counted contact on record.';
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'warning',
        code: 'informational',
        details: {
          text:
            `No chronically ill patient of ${practice} has a counted contact from ${window.start} to ${window.end}: ` +
            `every care burden is 0, so every one of them is low and none is HNHC. ${hint}`,
        },
        expression: ['date'],
      },
    ],
  };
}

/** The configured terminology server did not answer (in full): the selection ran on the starter map. */
export function terminologyOutcome(messages: readonly string[]): OperationOutcome | undefined {
  if (messages.length === 0) {
    return undefined;
  }
  return {
    resourceType: 'OperationOutcome',
    issue: messages.map((text) => ({ severity: 'warning' as const, code: 'transient' as const, details: { text } })),
  };
}

/** The issues of several outcomes as one (undefined when none has any). */
export function mergeOutcomes(...outcomes: (OperationOutcome | undefined)[]): OperationOutcome | undefined {
  const issue = outcomes.flatMap((o) => o?.issue ?? []);
  return issue.length > 0 ? { resourceType: 'OperationOutcome', issue } : undefined;
}
