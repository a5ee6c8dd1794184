import type { Encounter } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  type ContactCounts,
  type ContactFact,
  contactFact,
  contactProvider,
  contactSeconds,
  contactTypeOf,
  countContacts,
  countsAsContact,
  emptyContactCounts,
} from '../../../profiles/src/selection/contacts.ts';
import { countingWindow } from '../../../profiles/src/selection/time.ts';
import {
  ACT_CODE,
  CONTACT_TYPE_SYSTEM,
  encounter,
  lasting,
  NZA_SYSTEM,
  SCT,
  TELEPHONE_ENCOUNTER,
  typed,
} from './support.ts';

/** No practice named: the test Encounters name no serviceProvider or participant, and those count (the default). */
const UNATTRIBUTED_COUNT = {
  practice: { organizations: new Set<string>(), staff: new Set<string>() },
  countUnattributed: true,
};

const NO_CONTACTS: ContactCounts = {
  'consult-short': 0,
  consult: 0,
  'consult-long': 0,
  visit: 0,
  'visit-long': 0,
  phone: 0,
  'e-consult': 0,
};

describe('explicit contact types in Encounter.type', () => {
  test.each([
    ['12000', 'consult'],
    ['12001', 'consult-long'],
    ['12002', 'visit'],
    ['12003', 'visit-long'],
    ['12004', 'phone'],
    ['12007', 'e-consult'],
    ['12010', 'consult-short'],
    ['12011', 'consult'],
  ])('NZa declaration code %s is a %s', (code, type) => {
    expect(contactTypeOf(typed(NZA_SYSTEM, code))).toBe(type);
  });

  test.each(['consult-short', 'consult', 'consult-long', 'visit', 'visit-long', 'phone', 'e-consult'])(
    'our contact-type code %s is taken as it is',
    (code) => {
      expect(contactTypeOf(typed(CONTACT_TYPE_SYSTEM, code))).toBe(code);
    },
  );

  test('an explicit code wins over class and length: a 30-minute AMB contact coded as a visit is a visit', () => {
    const e = typed(CONTACT_TYPE_SYSTEM, 'visit', {
      length: { value: 30, system: 'http://unitsofmeasure.org', code: 'min' },
    });
    expect(contactTypeOf(e)).toBe('visit');
  });

  test('an NZa code wins over class: a home-visit class coded 12010 is a short consult', () => {
    expect(contactTypeOf(typed(NZA_SYSTEM, '12010', { class: { system: ACT_CODE, code: 'HH' } }))).toBe(
      'consult-short',
    );
  });

  test('an explicit code makes a contact of a class we do not count (IMP) a contact', () => {
    expect(contactTypeOf(typed(NZA_SYSTEM, '12002', { class: { system: ACT_CODE, code: 'IMP' } }))).toBe('visit');
  });

  test.each([
    ['an NZa code that is not a GP contact', NZA_SYSTEM, '13000'],
    ['a code our CodeSystem does not have', CONTACT_TYPE_SYSTEM, 'group-session'],
    ['a contact-type code in another system', 'http://example.org/types', 'visit'],
  ])('%s falls back to class and length', (_name, system, code) => {
    const e = typed(system, code, { class: { system: ACT_CODE, code: 'HH' } });
    expect(contactTypeOf(e)).toBe('visit');
  });

  test('the first explicit code of several Encounter.type entries is used', () => {
    const e = encounter({
      type: [{ coding: [{ system: SCT, code: '11429006' }] }, { coding: [{ system: NZA_SYSTEM, code: '12001' }] }],
    });
    expect(contactTypeOf(e)).toBe('consult-long');
  });
});

describe('contact type from class and length', () => {
  test.each([
    ['AMB', 299, 'consult-short'],
    ['AMB', 300, 'consult'],
    ['AMB', 1199, 'consult'],
    ['AMB', 1200, 'consult-long'],
    ['HH', 60, 'visit'],
    ['HH', 1199, 'visit'],
    ['HH', 1200, 'visit-long'],
  ])('class %s lasting %i seconds (Encounter.length) is a %s', (classCode, seconds, type) => {
    expect(contactTypeOf(lasting(classCode, seconds))).toBe(type);
  });

  test.each([
    [4.9, 'min', 'consult-short'],
    [5, 'min', 'consult'],
    [19.9, 'min', 'consult'],
    [20, 'min', 'consult-long'],
    [0.5, 'h', 'consult-long'],
  ])('class AMB lasting %d %s is a %s', (value, unit, type) => {
    expect(contactTypeOf(lasting('AMB', value, unit))).toBe(type);
  });

  test.each([
    ['AMB', 'consult'],
    ['HH', 'visit'],
  ])('class %s without any length is a %s', (classCode, type) => {
    expect(contactTypeOf(encounter({ class: { system: ACT_CODE, code: classCode } }))).toBe(type);
  });

  test('class VR with a telephone-encounter type is a phone consult', () => {
    expect(contactTypeOf(typed(SCT, TELEPHONE_ENCOUNTER, { class: { system: ACT_CODE, code: 'VR' } }))).toBe('phone');
  });

  test('class VR without a telephone type is an e-consult', () => {
    expect(contactTypeOf(encounter({ class: { system: ACT_CODE, code: 'VR' } }))).toBe('e-consult');
  });

  test.each([
    ['an admission (IMP)', { system: ACT_CODE, code: 'IMP' }],
    ['an emergency contact (EMER)', { system: ACT_CODE, code: 'EMER' }],
    ['AMB in another code system', { system: 'http://example.org/class', code: 'AMB' }],
  ])('%s is no GP contact', (_name, cls) => {
    expect(contactTypeOf(encounter({ class: cls }))).toBeUndefined();
  });
});

describe('length of a contact', () => {
  test.each([
    ['4:59', '2025-01-10T10:04:59+01:00', 299, 'consult-short'],
    ['5:00', '2025-01-10T10:05:00+01:00', 300, 'consult'],
    ['19:59', '2025-01-10T10:19:59+01:00', 1199, 'consult'],
    ['20:00', '2025-01-10T10:20:00+01:00', 1200, 'consult-long'],
    ['20:00, end written in UTC', '2025-01-10T09:20:00Z', 1200, 'consult-long'],
    ['19:59, end written in UTC', '2025-01-10T09:19:59Z', 1199, 'consult'],
    ['5:00, end written in New York time', '2025-01-10T04:05:00-05:00', 300, 'consult'],
  ])('a period of %s is %i seconds, a %s', (_name, end, seconds, type) => {
    const e = encounter({ period: { start: '2025-01-10T10:00:00+01:00', end } });
    expect(contactSeconds(e)).toBe(seconds);
    expect(contactTypeOf(e)).toBe(type);
  });

  test('a period in summer time across offsets is read as instants (5:00)', () => {
    const e = encounter({ period: { start: '2024-07-10T10:00:00+02:00', end: '2024-07-10T08:05:00Z' } });
    expect(contactSeconds(e)).toBe(300);
  });

  test('a period with milliseconds counts whole seconds: 4:59.5 is under 5 minutes', () => {
    const e = encounter({ period: { start: '2025-01-10T09:00:00.500Z', end: '2025-01-10T09:05:00.000Z' } });
    expect(contactSeconds(e)).toBe(299);
    expect(contactTypeOf(e)).toBe('consult-short');
  });

  test('Encounter.length wins over the period', () => {
    const e = encounter({
      period: { start: '2025-01-10T10:00:00+01:00', end: '2025-01-10T10:30:00+01:00' },
      length: { value: 3, system: 'http://unitsofmeasure.org', code: 'min' },
    });
    expect(contactSeconds(e)).toBe(180);
    expect(contactTypeOf(e)).toBe('consult-short');
  });

  test.each([
    ['a date-only period of one day', { start: '2025-01-10', end: '2025-01-10' }],
    ['a date-only period of two days', { start: '2025-01-10', end: '2025-01-11' }],
    ['a period without end', { start: '2025-01-10T10:00:00+01:00' }],
    ['a period ending before it starts', { start: '2025-01-10T10:00:00+01:00', end: '2025-01-10T09:50:00+01:00' }],
    ['a period of 12 hours', { start: '2025-01-10T08:00:00+01:00', end: '2025-01-10T20:00:00+01:00' }],
    ['a period whose start is only a date', { start: '2025-01-10', end: '2025-01-10T10:00:00+01:00' }],
    ['a period whose end is only a date', { start: '2025-01-10T23:57:00Z', end: '2025-01-10' }],
  ])('%s gives no length, so an AMB contact is a plain consult', (_name, period) => {
    const e = encounter({ period });
    expect(contactSeconds(e)).toBeUndefined();
    expect(contactTypeOf(e)).toBe('consult');
  });

  test('a length in a unit that is not a time, or outside UCUM, is ignored', () => {
    expect(contactSeconds(encounter({ length: { value: 30, system: 'http://unitsofmeasure.org', code: 'kg' } }))).toBe(
      undefined,
    );
    expect(contactSeconds(encounter({ length: { value: 30, system: 'http://example.org', code: 'min' } }))).toBe(
      undefined,
    );
  });
});

describe('counting contacts in the window', () => {
  // Reference date 1 March 2025 (winter time): the window is 1 March 2024 00:00 to 1 March 2025 00:00, Amsterdam.
  const winter = {
    window: countingWindow('2025-03-01', 365),
    countPracticeNurse: true,
    practiceNurses: new Set<string>(),
    ...UNATTRIBUTED_COUNT,
  };
  // Reference date 1 July 2025 (summer time): 1 July 2024 00:00 to 1 July 2025 00:00, Amsterdam.
  const summer = {
    window: countingWindow('2025-07-01', 365),
    countPracticeNurse: true,
    practiceNurses: new Set<string>(),
    ...UNATTRIBUTED_COUNT,
  };
  const at = (start: string) => encounter({ period: { start } });

  test.each([
    ['at 00:00 Amsterdam time on the first day', '2024-03-01T00:00:00+01:00', 1],
    ['at 00:00 Amsterdam time on the first day, written in UTC', '2024-02-29T23:00:00Z', 1],
    ['a millisecond before the first day', '2024-02-29T23:59:59.999+01:00', 0],
    ['on the first day, date only', '2024-03-01', 1],
    ['on the day before the first day, date only', '2024-02-29', 0],
    ['at the last millisecond of the day before the reference date', '2025-02-28T23:59:59.999+01:00', 1],
    ['at 00:00 on the reference date', '2025-03-01T00:00:00+01:00', 0],
    ['on the reference date, date only', '2025-03-01', 0],
  ])('in winter time, a contact %s counts %i times', (_name, start, expected) => {
    expect(countContacts([at(start)], winter).consult).toBe(expected);
  });

  test.each([
    ['at 00:00 Amsterdam time on the first day', '2024-07-01T00:00:00+02:00', 1],
    ['a millisecond before the first day', '2024-06-30T23:59:59.999+02:00', 0],
    ['at 23:30 Amsterdam time the day before the first day (21:30 UTC)', '2024-06-30T21:30:00Z', 0],
    ['at the last millisecond of the day before the reference date', '2025-06-30T23:59:59.999+02:00', 1],
    ['at 00:00 on the reference date', '2025-07-01T00:00:00+02:00', 0],
    ['at 00:30 Amsterdam time on the reference date (22:30 UTC the day before)', '2025-06-30T22:30:00Z', 0],
  ])('in summer time, a contact %s counts %i times', (_name, start, expected) => {
    expect(countContacts([at(start)], summer).consult).toBe(expected);
  });

  test('a window that starts on the day summer time began starts at 00:00 CET', () => {
    // Reference date 31 March 2025: the first day is 31 March 2024, the Sunday summer time began.
    const options = { ...winter, window: countingWindow('2025-03-31', 365) };
    expect(countContacts([at('2024-03-31T00:00:00+01:00')], options).consult).toBe(1);
    expect(countContacts([at('2024-03-30T23:59:59.999+01:00')], options).consult).toBe(0);
    expect(countContacts([at('2025-03-30T23:59:59.999+02:00')], options).consult).toBe(1);
    expect(countContacts([at('2025-03-31T00:00:00+02:00')], options).consult).toBe(0);
  });

  test.each(['cancelled', 'entered-in-error', 'planned'] as const)('a %s Encounter never counts', (status) => {
    expect(countContacts([encounter({ status })], winter)).toEqual(NO_CONTACTS);
  });

  test.each(['finished', 'in-progress', 'arrived'] as const)('a %s Encounter counts', (status) => {
    expect(countContacts([encounter({ status })], winter).consult).toBe(1);
  });

  test('an Encounter without period, or without period.start, is not placed in the window', () => {
    const noPeriod = encounter();
    delete noPeriod.period;
    const noStart = encounter({ period: { end: '2025-01-10T10:10:00+01:00' } });
    expect(countContacts([noPeriod, noStart], winter)).toEqual(NO_CONTACTS);
  });

  test('an Encounter that is no GP contact is not counted', () => {
    expect(countContacts([encounter({ class: { system: ACT_CODE, code: 'IMP' } })], winter)).toEqual(NO_CONTACTS);
  });

  test('counts every contact type separately', () => {
    const encounters: Encounter[] = [
      lasting('AMB', 120),
      lasting('AMB', 600),
      lasting('AMB', 600),
      lasting('AMB', 1500),
      lasting('HH', 900),
      lasting('HH', 2400),
      typed(SCT, TELEPHONE_ENCOUNTER, { class: { system: ACT_CODE, code: 'VR' } }),
      typed(NZA_SYSTEM, '12004'),
      encounter({ class: { system: ACT_CODE, code: 'VR' } }),
    ];
    expect(countContacts(encounters, winter)).toEqual({
      'consult-short': 1,
      consult: 2,
      'consult-long': 1,
      visit: 1,
      'visit-long': 1,
      phone: 2,
      'e-consult': 1,
    });
  });

  test('an empty count has every contact type at zero', () => {
    expect(emptyContactCounts()).toEqual(NO_CONTACTS);
  });
});

describe('practice-nurse (POH) contacts', () => {
  const nurses = new Set(['PractitionerRole/poh-role', 'Practitioner/poh']);
  const withParticipant = (reference: string) => encounter({ participant: [{ individual: { reference } }] });
  const window = countingWindow('2025-03-01', 365);

  test.each([
    ['by PractitionerRole', 'PractitionerRole/poh-role'],
    ['by Practitioner', 'Practitioner/poh'],
  ])('a contact with the practice nurse named %s counts when countPracticeNurse is true', (_name, reference) => {
    const counts = countContacts([withParticipant(reference)], {
      window,
      countPracticeNurse: true,
      practiceNurses: nurses,
      ...UNATTRIBUTED_COUNT,
    });
    expect(counts.consult).toBe(1);
  });

  test.each([
    ['by PractitionerRole', 'PractitionerRole/poh-role'],
    ['by Practitioner', 'Practitioner/poh'],
  ])(
    'a contact with the practice nurse named %s does not count when countPracticeNurse is false',
    (_name, reference) => {
      const counts = countContacts([withParticipant(reference)], {
        window,
        countPracticeNurse: false,
        practiceNurses: nurses,
        ...UNATTRIBUTED_COUNT,
      });
      expect(counts).toEqual(NO_CONTACTS);
    },
  );

  test('a contact with the GP counts when countPracticeNurse is false', () => {
    const counts = countContacts([withParticipant('Practitioner/gp')], {
      window,
      countPracticeNurse: false,
      practiceNurses: nurses,
      ...UNATTRIBUTED_COUNT,
    });
    expect(counts.consult).toBe(1);
  });

  test('a participant is recognised by its reference string only', () => {
    const nurseOut = { window, countPracticeNurse: false, practiceNurses: nurses, ...UNATTRIBUTED_COUNT };
    const counted = (e: Encounter) => {
      const fact = contactFact(e);
      return fact !== undefined && countsAsContact(fact, nurseOut);
    };
    expect(counted(withParticipant('Practitioner/poh'))).toBe(false);
    expect(counted(withParticipant('Practitioner/gp'))).toBe(true);
    expect(counted(encounter({ participant: [{ type: [{ text: 'POH' }] }] }))).toBe(true);
    expect(contactFact(encounter({ participant: [{ type: [{ text: 'POH' }] }] }))?.participants).toEqual([]);
    expect(counted(encounter())).toBe(true);
  });

  test('the contact fact of an Encounter is its start, type and participants, or nothing when it is no contact', () => {
    expect(contactFact(withParticipant('Practitioner/gp'))).toEqual({
      startMs: Date.parse('2025-01-10T09:00:00Z'),
      type: 'consult',
      participants: ['Practitioner/gp'],
    });
    expect(contactFact(encounter({ status: 'cancelled' }))).toBeUndefined();
    expect(contactFact(encounter({ period: undefined }))).toBeUndefined();
    expect(contactFact(encounter({ class: { system: ACT_CODE, code: 'IMP' } }))).toBeUndefined();
  });
});

describe('contacts with the practice, not with other providers', () => {
  const PRACTICE = 'Organization/practice';
  const practice = {
    organizations: new Set([PRACTICE]),
    staff: new Set(['PractitionerRole/gp-role', 'Practitioner/gp']),
  };
  const window = countingWindow('2025-03-01', 365);
  const options = (countUnattributed: boolean) => ({
    window,
    countPracticeNurse: true,
    practiceNurses: new Set<string>(),
    practice,
    countUnattributed,
  });
  const by = (serviceProvider?: string, ...participants: string[]) =>
    encounter({
      ...(serviceProvider ? { serviceProvider: { reference: serviceProvider } } : {}),
      participant: participants.map((reference) => ({ individual: { reference } })),
    });

  test.each([
    ['serviceProvider is the practice', by(PRACTICE), 'practice'],
    ['serviceProvider is the practice, with a hospital doctor', by(PRACTICE, 'Practitioner/surgeon'), 'practice'],
    ['no serviceProvider, the GP’s PractitionerRole takes part', by(undefined, 'PractitionerRole/gp-role'), 'practice'],
    ['no serviceProvider, the GP as Practitioner takes part', by(undefined, 'Practitioner/gp'), 'practice'],
    ['no serviceProvider, the GP among others', by(undefined, 'Practitioner/locum', 'Practitioner/gp'), 'practice'],
    ['serviceProvider is a hospital', by('Organization/hospital'), 'other-provider'],
    [
      'serviceProvider is a hospital, the GP takes part',
      by('Organization/hospital', 'Practitioner/gp'),
      'other-provider',
    ],
    [
      'serviceProvider is the practice written as an absolute URL',
      by(`https://ehr.example/${PRACTICE}`),
      'other-provider',
    ],
    ['neither serviceProvider nor participant', by(), 'unattributed'],
    ['no serviceProvider, only someone who does not work there', by(undefined, 'Practitioner/locum'), 'unattributed'],
    [
      'a serviceProvider by identifier only',
      encounter({ serviceProvider: { identifier: { system: 'http://fhir.nl/fhir/NamingSystem/agb-z', value: '1' } } }),
      'unattributed',
    ],
  ])('an Encounter whose %s is the %s’s', (_name, e, provider) => {
    expect(contactProvider(contactFact(e) as ContactFact, practice)).toBe(provider);
  });

  test.each([
    [true, 1],
    [false, 0],
  ])('with count-unattributed-encounters %s an Encounter naming neither counts %i times', (count, expected) => {
    expect(countContacts([by(), by(undefined, 'Practitioner/locum')], options(count)).consult).toBe(2 * expected);
  });

  test.each([true, false])('the practice’s contacts count and other providers’ never (unattributed: %s)', (count) => {
    const encounters = [
      by(PRACTICE),
      by(undefined, 'Practitioner/gp'),
      by('Organization/hospital'),
      by('Organization/hospital', 'PractitionerRole/gp-role'),
    ];
    expect(countContacts(encounters, options(count)).consult).toBe(2);
  });

  test('the contact fact keeps the serviceProvider reference as written, and leaves it out when there is none', () => {
    expect(contactFact(by('Organization/hospital'))?.serviceProvider).toBe('Organization/hospital');
    expect(contactFact(by())).not.toHaveProperty('serviceProvider');
  });
});
