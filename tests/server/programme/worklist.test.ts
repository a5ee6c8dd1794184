// Group/{id}/$worklist over real HTTP on both databases: a page of the selection $target-selection wrote,
// filtered, sorted (Dutch surname order) and counted on the server; the histogram and cut-offs with it.
import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { expectOutcome } from '../../support/fhir-checks.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';
import { gpOf, OTHER_PRACTICE, PRACTICE, REFERENCE_DATE, storeWorklistWorld } from './worklist-world.ts';

type Part = { name: string; [value: string]: unknown };
type Answer = { parameter: Part[] };

const members = (answer: Answer) =>
  answer.parameter
    .filter((p) => p.name === 'member')
    .map((m) => Object.fromEntries((m.part as Part[]).map((p) => [p.name, Object.values(p)[1]])));
const value = (answer: Answer, name: string) => {
  const found = answer.parameter.find((p) => p.name === name);
  return found && Object.values(found)[1];
};
const ids = (answer: Answer) =>
  members(answer).map((m) => (m.patient as { reference: string }).reference.replace('Patient/wl-', ''));

describe.each(DATABASE_KINDS)('Group/$worklist on %s', (kind) => {
  const server = useTestServer(kind);
  let group: string;
  let gp: string;
  const worklist = async (query = '') =>
    fhirFetch(server, `Group/${group}/$worklist${query ? `?${query}` : ''}`, { headers: { authorization: gp } });

  beforeAll(async () => {
    ({ group } = await storeWorklistWorld((path, init) => fhirFetch(server, path, init)));
    gp = `Bearer ${await server.tokenFor(gpOf(PRACTICE))}`;
  });

  test('answers the first page by score, highest first, with the total and each member as the Group has it', async () => {
    const response = await worklist();
    expect(response.status).toBe(200);
    expect(value(response.body, 'total')).toBe(6);
    expect(value(response.body, 'referenceDate')).toBe(REFERENCE_DATE);
    expect(ids(response.body)).toEqual(['bakker', 'berg', 'mulder', 'vries', 'dekker', 'jansen']);
    const [bakker, berg, mulder] = members(response.body);
    expect(bakker).toMatchObject({
      name: 'Ömer Bakker',
      score: 6,
      category: 'high',
      hnhc: true,
      birthDate: '1960-01-01',
    });
    expect(berg).toMatchObject({ name: 'Els van den Berg', score: 4, category: 'medium', hnhc: true });
    expect(mulder).toMatchObject({ score: 3, category: 'new', hnhc: false });
  });

  test('sorts by name in Dutch surname order: "van den Berg" under B, "de Vries" under V', async () => {
    expect(ids((await worklist('_sort=name')).body)).toEqual(['bakker', 'berg', 'dekker', 'jansen', 'mulder', 'vries']);
    expect(ids((await worklist('_sort=-name')).body)).toEqual([
      'vries',
      'mulder',
      'jansen',
      'dekker',
      'berg',
      'bakker',
    ]);
  });

  test('pages with _count and _offset, the total counting all pages', async () => {
    const second = await worklist('_sort=name&_count=2&_offset=2');
    expect(value(second.body, 'total')).toBe(6);
    expect(ids(second.body)).toEqual(['dekker', 'jansen']);
    const past = await worklist('_count=2&_offset=10');
    expect(value(past.body, 'total')).toBe(6);
    expect(ids(past.body)).toEqual([]);
  });

  test.each([
    ['category=high,medium', ['bakker', 'berg']],
    ['category=low&category=new', ['mulder', 'vries', 'dekker', 'jansen']],
    ['hnhc=true', ['bakker', 'berg']],
    ['hnhc=false&category=low', ['vries', 'dekker', 'jansen']],
    ['subgroup=unclassified', ['bakker', 'berg']],
  ])('filters by %s', async (query, expected) => {
    const response = await worklist(query);
    expect(ids(response.body)).toEqual(expected);
    expect(value(response.body, 'total')).toBe(expected.length);
  });

  test('returns the histogram of all members and the cut-offs of the settings that made the Group', async () => {
    const response = await worklist('category=high');
    expect(value(response.body, 'mean')).toBe(2.6);
    expect(value(response.body, 'high')).toBe(5.2);
    expect(value(response.body, 'medium')).toBe(2.6);
    expect((value(response.body, 'settingsUsed') as { reference: string }).reference).toMatch(
      /^Basic\/[^/]+\/_history\/\d+$/,
    );
    const bins = response.body.parameter
      .filter((p: Part) => p.name === 'bin')
      .map((b: Part) => Object.fromEntries((b.part as Part[]).map((p) => [p.name, Object.values(p)[1]])));
    expect(bins.reduce((sum: number, b: { count: number }) => sum + b.count, 0)).toBe(6);
    expect(bins[0]).toEqual({ from: 0, to: 0.5, count: 1 });
    expect(bins.at(-1)).toEqual({ from: 6, to: 6.5, count: 1 });
  });

  test('names the qualifying chronic conditions and the last other conversation held', async () => {
    const medium = (await worklist('category=medium')).body;
    const bergParts = medium.parameter.find((p: Part) => p.name === 'member').part as Part[];
    const codes = bergParts.filter((p) => p.name === 'condition').map((p) => (p.valueCoding as { code: string }).code);
    expect(codes.sort()).toEqual(['R95', 'T90']);
    expect(members(medium)[0].lastConversation).toBeUndefined();
    const page = (await worklist('_sort=name&_offset=5')).body;
    expect(ids(page)).toEqual(['vries']);
    expect(members(page)[0].lastConversation).toBe('2025-07-05T10:00:00+02:00');
  });

  test('filters by invitation: invited counts every invitation of the practice but a cancelled one', async () => {
    const invite = (id: string, patient: string) =>
      fhirFetch(server, `Task/${id}`, {
        method: 'PUT',
        headers: { authorization: gp },
        body: {
          resourceType: 'Task',
          id,
          meta: { profile: ['https://target.drenthe.example/fhir/StructureDefinition/target-invitation-task'] },
          status: 'requested',
          intent: 'proposal',
          code: {
            coding: [{ system: 'https://target.drenthe.example/fhir/CodeSystem/target-concept', code: 'invitation' }],
          },
          for: { reference: `Patient/${patient}` },
          authoredOn: '2025-07-02',
          owner: { reference: `Organization/${PRACTICE}` },
        },
      });
    expect((await invite('wl-inv-vries', 'wl-vries')).status).toBe(201);
    expect((await invite('wl-inv-dekker', 'wl-dekker')).status).toBe(201);
    const cancel = await fhirFetch(server, 'Task/wl-inv-dekker', {
      method: 'PATCH',
      headers: { authorization: gp, 'content-type': 'application/json-patch+json' },
      body: [{ op: 'replace', path: '/status', value: 'cancelled' }],
    });
    expect(cancel.status).toBe(200);
    const invited = await worklist('invited=true');
    expect(ids(invited.body)).toEqual(['vries']);
    expect(members(invited.body)[0]).toMatchObject({
      invitation: { reference: 'Task/wl-inv-vries' },
      invitationStatus: 'requested',
    });
    expect(ids((await worklist('invited=false')).body)).toEqual(['bakker', 'berg', 'mulder', 'dekker', 'jansen']);
    const dekker = members((await worklist('_sort=name&_count=1&_offset=2')).body)[0];
    expect(dekker).toMatchObject({ invitationStatus: 'cancelled' });
  });

  test('shows the practice’s next open follow-up of an other conversation, not a done one or another practice’s', async () => {
    const followUp = (id: string, patient: string, due: string, status: string, owner = PRACTICE) =>
      fhirFetch(server, `Task/${id}`, {
        method: 'PUT',
        headers: owner === PRACTICE ? { authorization: gp } : {},
        body: {
          resourceType: 'Task',
          id,
          status,
          intent: 'plan',
          code: {
            coding: [{ system: 'https://target.drenthe.example/fhir/CodeSystem/target-concept', code: 'follow-up' }],
          },
          for: { reference: `Patient/${patient}` },
          authoredOn: '2025-07-05',
          owner: { reference: `Organization/${owner}` },
          restriction: { period: { end: due } },
        },
      });
    expect((await followUp('wl-fu-later', 'wl-berg', '2025-09-01', 'requested')).status).toBe(201);
    expect((await followUp('wl-fu-next', 'wl-berg', '2025-08-01', 'accepted')).status).toBe(201);
    expect((await followUp('wl-fu-done', 'wl-berg', '2025-07-20', 'completed')).status).toBe(201);
    expect((await followUp('wl-fu-draft', 'wl-dekker', '2025-07-21', 'draft')).status).toBe(201);
    expect((await followUp('wl-fu-other', 'wl-jansen', '2025-07-22', 'requested', OTHER_PRACTICE)).status).toBe(201);
    const page = members((await worklist('_sort=name')).body);
    const due = Object.fromEntries(page.map((m) => [(m.patient as { reference: string }).reference, m.followUpDue]));
    expect(due).toMatchObject({
      'Patient/wl-berg': '2025-08-01',
      'Patient/wl-dekker': undefined,
      'Patient/wl-jansen': undefined,
    });
    expect(page.find((m) => m.followUpDue)?.followUp).toEqual({ reference: 'Task/wl-fu-next' });
  });

  test.each([
    ['category=urgent', 'category'],
    ['subgroup=young', 'subgroup'],
    ['_sort=age', '_sort'],
    ['_count=5000', '_count'],
    ['_offset=-1', '_offset'],
    ['hnhc=maybe', 'hnhc'],
    ['colour=red', 'colour'],
  ])('refuses %s with 400 naming the parameter', async (query, parameter) => {
    const response = await worklist(query);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.issue)).toContain(parameter);
  });

  test('answers 404 for an unknown Group and 400 for a Group that is no selection', async () => {
    expectOutcome(await fhirFetch(server, 'Group/nope/$worklist', { headers: { authorization: gp } }), 404);
    const other = await fhirFetch(server, 'Group', {
      method: 'POST',
      body: {
        resourceType: 'Group',
        type: 'person',
        actual: true,
        member: [{ entity: { reference: 'Patient/wl-vries' } }],
      },
    });
    expect(other.status).toBe(201);
    const response = await fhirFetch(server, `Group/${other.body.id}/$worklist`, { headers: { authorization: gp } });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('not a TARGET selection Group');
  });

  test("Group/$worklist at type level pages through the practice's latest selection, without a search", async () => {
    const response = await fhirFetch(server, 'Group/$worklist?_count=2&_sort=name', { headers: { authorization: gp } });
    expect(response.status).toBe(200);
    expect(value(response.body, 'group')).toEqual({ reference: `Group/${group}` });
    expect(value(response.body, 'members')).toBe(6);
    expect(ids(response.body)).toEqual(['bakker', 'berg']);
    const named = await fhirFetch(server, `Group/$worklist?practice=Organization/${PRACTICE}&_count=0`, {
      headers: { authorization: gp },
    });
    expect(value(named.body, 'group')).toEqual({ reference: `Group/${group}` });
    expect(members(named.body)).toEqual([]);
  });

  test('Group/$worklist at type level refuses another practice (403) and answers an empty list for none yet', async () => {
    const other = await fhirFetch(server, `Group/$worklist?practice=Organization/${OTHER_PRACTICE}`, {
      headers: { authorization: gp },
    });
    expectOutcome(other, 403);
    const none = await fhirFetch(server, 'Group/$worklist?practice=Organization/wl-nowhere');
    expect(none.status).toBe(200);
    expect(none.body.parameter).toEqual([{ name: 'total', valueInteger: 0 }]);
    expectOutcome(await fhirFetch(server, 'Group/$worklist'), 400); // the administrator must name the practice
    expectOutcome(
      await fhirFetch(server, `Group/${group}/$worklist?practice=Organization/${PRACTICE}`, {
        headers: { authorization: gp },
      }),
      400,
    );
  });

  test("another practice's GP gets 404 for the Group, as for any read of it", async () => {
    const otherGp = `Bearer ${await server.tokenFor(gpOf(OTHER_PRACTICE))}`;
    const response = await fhirFetch(server, `Group/${group}/$worklist`, { headers: { authorization: otherGp } });
    expect(response.status).toBe(404);
    expect((await fhirFetch(server, `Group/${group}`, { headers: { authorization: otherGp } })).status).toBe(404);
  });
});
