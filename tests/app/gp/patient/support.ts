// Shared steps of the patient-overview tests: writing the fixture record to the real server, asking its
// $care-burden, and reading the care-burden card as the user sees it.
import type { Resource } from '@medplum/fhirtypes';
import { type CareBurdenInput, readCareBurdenObservation } from '@target/profiles';
import { screen, within } from '@testing-library/react';
import { expect } from 'vitest';
import { fhirFetch, type TestServer } from '../../../support/server.ts';

/** Writes resources to the real server as one transaction of PUTs (their own ids), as the administrator. */
export async function writeToServer(server: TestServer, resources: readonly Resource[]): Promise<void> {
  const response = await fhirFetch(server, '/', {
    method: 'POST',
    body: {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: resources.map((resource) => ({
        resource,
        request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
      })),
    },
  });
  expect(response.status, JSON.stringify(response.body).slice(0, 2000)).toBe(200);
}

/** The server's own answer: Patient/{id}/$care-burden on the date, read with the profile's reader. */
export async function serverCareBurden(
  server: TestServer,
  patientId: string,
  date: string,
): Promise<{ careBurden: CareBurdenInput; cutoffs: Record<string, number> }> {
  const response = await fhirFetch(server, `Patient/${patientId}/$care-burden?date=${date}`);
  expect(response.status, JSON.stringify(response.body).slice(0, 2000)).toBe(200);
  // biome-ignore lint/suspicious/noExplicitAny: reads the Parameters answer
  const parameter = (name: string) => response.body.parameter.find((p: any) => p.name === name);
  const cutoffs = Object.fromEntries(
    // biome-ignore lint/suspicious/noExplicitAny: reads the cut-off parts
    parameter('cutoffs').part.map((p: any) => [p.name, p.valueInteger ?? p.valueDecimal]),
  );
  return { careBurden: readCareBurdenObservation(parameter('careBurden').resource), cutoffs };
}

/** A Dutch or English number as shown ("1,5", "× 2", "= 0.5") as a number. */
function shownNumber(text: string): number {
  return Number(text.replace(/[×=\s*]/g, '').replace(',', '.'));
}

/** The contacts table of the care-burden card: per contact type, the count, weight and points shown. */
export function shownContacts(): Record<string, { count: number; weight: number; points: number }> {
  const table = screen.getByTestId('care-burden-contacts');
  const rows = within(table)
    .getAllByRole('row')
    .filter((row) => row.getAttribute('data-contact-type'));
  return Object.fromEntries(
    rows.map((row) => {
      const cells = within(row).getAllByRole('cell');
      return [
        row.getAttribute('data-contact-type') as string,
        {
          count: shownNumber(cells[1].textContent ?? ''),
          weight: shownNumber(cells[2].textContent ?? ''),
          points: shownNumber(cells[3].textContent ?? ''),
        },
      ];
    }),
  );
}

/** The score the card shows ("Zorgzwaarte 13" → 13). */
export function shownScore(): number {
  const text = screen.getByTestId('care-burden-score').textContent ?? '';
  return shownNumber(text.replace(/^[^\d]*/, ''));
}
