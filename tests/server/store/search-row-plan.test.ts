// Which form of the access condition a search gets (server/src/store/search/row-plan.ts); that both forms
// select the same rows is tested in tests/server/access/policy.test.ts.
import { parseSearchRequest } from '@medplum/core';
import { describe, expect, test } from 'vitest';
import { searchRowPlan } from '../../../server/src/store/search/row-plan.ts';
import { useTestServer } from '../../support/server.ts';

describe('searchRowPlan', () => {
  const server = useTestServer('pglite');
  const planOf = (url: string, seesAPractice = true) =>
    searchRowPlan(server.repo.registry, parseSearchRequest(url), seesAPractice);

  test.each([
    'Patient?identifier=http://fhir.nl/fhir/namingsystem/bsn|999997993',
    'Patient?_id=abc',
    'Condition?subject=Patient/abc',
    'Observation?subject=Patient/abc&_sort=-date',
    'Observation?patient=abc&_total=accurate',
  ])('a search naming one resource or identifier probes each candidate row, whoever asks: %s', (url) => {
    expect(planOf(url)).toBe('anchored');
    expect(planOf(url, false)).toBe('anchored');
  });

  test.each(['Condition?code=http://example.org|T90', 'Observation?date=ge2026-01-01', 'Encounter?_sort=_lastUpdated'])(
    "a page of a practice user's broad search probes its candidates and stops at the page; a patient's or a partner's lists what it may see first: %s",
    (url) => {
      expect(planOf(url)).toBe('anchored');
      expect(planOf(url, false)).toBe('set');
    },
  );

  test.each(['Patient?name=Jansen', 'Patient?birthdate=lt1950-01-01'])(
    "a practice's broad Patient search lists its member patients once: %s",
    (url) => {
      expect(planOf(url)).toBe('set');
    },
  );

  test.each([
    'Condition?code=http://example.org|T90&_total=accurate',
    'Patient?birthdate=lt1950&_sort=birthdate',
    'Condition?subject=Patient/a,Patient/b&_sort=recorded-date',
    'Observation?subject:missing=false&_total=estimate',
    'Observation?subject.name=Jansen&_sort=date',
    'Patient?identifier=http://fhir.nl/fhir/namingsystem/bsn|&_total=accurate',
  ])('a broad search that must judge every match computes the visible set once: %s', (url) => {
    expect(planOf(url)).toBe('set');
  });
});
