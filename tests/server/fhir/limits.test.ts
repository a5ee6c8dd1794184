// Bounded work per request, and a 4xx (never a 5xx) for bad input, over real HTTP on both databases; each
// refusal names its limit. So far: operation dates out of range.
import { describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { expectOutcome } from '../../support/fhir-checks.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';

type Fetched = Awaited<ReturnType<typeof fhirFetch>>;

const textOf = (response: Fetched): string => response.body?.issue?.[0]?.details?.text ?? '';

describe.each(DATABASE_KINDS)('request bounds on %s', (kind) => {
  const server = useTestServer(kind);

  describe('operation dates', () => {
    test.each([
      ['Group/$target-selection', '0001-01-01'],
      ['Group/$target-selection', '1899-12-31'],
      ['Group/$target-selection', '2201-01-01'],
      ['Patient/limits-no-such-patient/$care-burden', '0001-01-01'],
      ['Patient/limits-no-such-patient/$care-burden', '9999-12-31'],
    ])('refuses %s with date=%s: 400 naming the parameter and the range', async (path, date) => {
      const response = await fhirFetch(server, `${path}?date=${date}`, { method: 'POST' });
      expectOutcome(response, 400);
      expect(textOf(response)).toBe(`date must be a date from 1900 to 2200, got "${date}"`);
      expect(response.body.issue[0].expression).toEqual(['date']);
    });
  });
});
