import type { Encounter } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerStore } from '../../../server/src/open-server-store.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import { SELECTION_DERIVED_INDEXES } from '../../../server/src/programme/selection/derived-indexes.ts';
import type { Store } from '../../../server/src/store/open.ts';
import { ensureDerivedIndexes } from '../../../server/src/store/write/derived-index.ts';
import { DATABASE_KINDS, makeTestConfig, type TestConfig } from '../../support/database.ts';

const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

function consult(id: string, changes: Partial<Encounter> = {}): Encounter {
  return {
    resourceType: 'Encounter',
    id,
    status: 'finished',
    class: { system: ACT_CODE, code: 'AMB' },
    subject: { reference: 'Patient/p1' },
    participant: [{ individual: { reference: 'PractitionerRole/poh' } }],
    period: { start: '2025-01-10T10:00:00+01:00', end: '2025-01-10T10:25:00+01:00' },
    ...changes,
  };
}

describe.each(DATABASE_KINDS)('derived indexes (%s)', (kind) => {
  let testConfig: TestConfig;
  let store: Store;
  const contactsOf = (id: string) =>
    store.db.query<{ patient_id: string; start_at: Date; contact_type: string; participants: string[] }>(
      `SELECT c.patient_id, c.start_at, c.contact_type, c.participants FROM target_contact c
       JOIN resource r ON r.rid = c.rid WHERE r.resource_type = 'Encounter' AND r.id = $1`,
      [id],
    );

  beforeAll(async () => {
    testConfig = await makeTestConfig(kind);
    store = await openServerStore(testConfig.config, createLogger({ logLevel: 'silent' }));
  });
  afterAll(async () => {
    await store.close();
    await testConfig.cleanup();
  });

  it('store the contact fact of an Encounter when it is created, replace it on update and drop it on delete', async () => {
    const { id } = await store.repo.createResource(consult('new'));
    expect(await contactsOf(id)).toEqual([
      {
        patient_id: 'p1',
        start_at: new Date('2025-01-10T09:00:00Z'),
        contact_type: 'consult-long',
        participants: ['PractitionerRole/poh'],
      },
    ]);
    await store.repo.updateResource(consult(id, { class: { system: ACT_CODE, code: 'HH' } }));
    expect((await contactsOf(id)).map((row) => row.contact_type)).toEqual(['visit-long']);
    await store.repo.updateResource(consult(id, { status: 'cancelled' }));
    expect(await contactsOf(id)).toEqual([]);
    await store.repo.updateResource(consult(id));
    expect(await contactsOf(id)).toHaveLength(1);
    await store.repo.deleteResource('Encounter', id);
    expect(await contactsOf(id)).toEqual([]);
  });

  it('leave out Encounters that are no contact or not about a Patient', async () => {
    await store.repo.upsertResources([
      consult('e2', { subject: { reference: 'Group/g1' } }),
      consult('e3', { period: undefined }),
    ]);
    expect([...(await contactsOf('e2')), ...(await contactsOf('e3'))]).toEqual([]);
  });

  it('store birth date and marital status per Patient, replaced when the Patient changes', async () => {
    const maritalStatus = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M' }] };
    const patientRow = () =>
      store.db.query(`SELECT patient_id, birth_date, marital_status FROM target_patient WHERE patient_id = 'dp1'`);
    await store.repo.upsertResources([{ resourceType: 'Patient', id: 'dp1', birthDate: '1950-02-03', maritalStatus }]);
    expect(await patientRow()).toEqual([{ patient_id: 'dp1', birth_date: '1950-02-03', marital_status: 'M' }]);
    await store.repo.updateResource({ resourceType: 'Patient', id: 'dp1' });
    expect(await patientRow()).toEqual([{ patient_id: 'dp1', birth_date: null, marital_status: null }]);
    await store.repo.deleteResource('Patient', 'dp1');
    expect(await patientRow()).toEqual([]);
  });

  it('rebuild a table from the stored resources when its version changes, writing nothing twice', async () => {
    await store.repo.upsertResources([consult('e4'), consult('e5', { subject: { reference: 'Patient/p2' } })]);
    const before = await store.db.query('SELECT * FROM target_contact ORDER BY rid');
    await store.db.query("UPDATE derived_index SET version = 0 WHERE name = 'target_contact'");
    await store.db.query('DELETE FROM target_contact');
    await ensureDerivedIndexes(store.db, SELECTION_DERIVED_INDEXES);
    expect(await store.db.query('SELECT * FROM target_contact ORDER BY rid')).toEqual(before);
    expect(before.length).toBeGreaterThanOrEqual(2);
    // Already current: a second start changes nothing.
    await ensureDerivedIndexes(store.db, SELECTION_DERIVED_INDEXES);
    expect(await store.db.query('SELECT * FROM target_contact ORDER BY rid')).toEqual(before);
  });
});
