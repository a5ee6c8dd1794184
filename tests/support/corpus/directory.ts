// Who and where: organisations, locations, practitioners and their roles, services and patients of a
// Utrecht-region general practice network. Optional elements are left out on purpose now and then, so
// that `:missing` has something to find.
import type {
  Address,
  ContactPoint,
  HealthcareService,
  HumanName,
  Identifier,
  Location,
  Organization,
  Patient,
  Practitioner,
  PractitionerRole,
} from '@medplum/fhirtypes';
import type { Rng } from './random.ts';
import { isoDate, pad, randomDay } from './random.ts';
import { SYSTEM } from './systems.ts';

export interface Directory {
  readonly organizations: Organization[];
  readonly locations: Location[];
  readonly practitioners: Practitioner[];
  readonly roles: PractitionerRole[];
  readonly services: HealthcareService[];
  readonly patients: Patient[];
}

const MALE = [
  'Jan',
  'Daan',
  'Sem',
  'Lucas',
  'Noah',
  'Pieter',
  'Willem',
  'Henk',
  'Kees',
  'Gerrit',
  'Bram',
  'Thijs',
].concat(['Ruben', 'Mohammed', 'Joël', 'André', 'Teun', 'Gijs', 'Hendrik', 'Youssef']);
const FEMALE = ['Anouk', 'Emma', 'Julia', 'Sophie', 'Fenna', 'Sanne', 'Lotte', 'Maria', 'Johanna', 'Fatima'].concat([
  'Zoë',
  'Chloë',
  'Renée',
  'Inge',
  'Marieke',
  'Anneke',
  'Wilhelmina',
  'Noor',
  'Eva',
  'Saskia',
]);
const FAMILY = ['Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer']
  .concat(['de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer'])
  .concat(['de Wit', 'Dijkstra', 'de Graaf', 'van der Meer', 'Müller', 'Yılmaz', 'El Amrani', 'IJzerman', 'Özdemir']);
const STREETS = [
  'Oudegracht',
  'Biltstraat',
  'Amsterdamsestraatweg',
  'Kanaalweg',
  'Lange Nieuwstraat',
  'Dorpsstraat',
].concat([
  'Slotlaan',
  'Utrechtseweg',
  'Hoofdstraat',
  'Ĳsselkade',
  'Burgemeester Reigerstraat',
  'Laan van Nieuw Guinea',
]);
/** City and the first four digits of its postal codes. */
const CITIES: readonly (readonly [string, number])[] = [
  ['Utrecht', 3511],
  ['Utrecht', 3572],
  ['Zeist', 3701],
  ['Bunnik', 3981],
  ['Houten', 3991],
  ['Nieuwegein', 3431],
  ['IJsselstein', 3401],
  ['De Bilt', 3731],
  ['Maarssen', 3601],
];

/** A BSN passing the "elfproef": 9·d1 + 8·d2 + … + 2·d8 − d9 is divisible by 11. */
export function bsn(rng: Rng): string {
  for (;;) {
    const digits = rng.digits(8);
    const sum = [...digits].reduce((total, d, i) => total + Number(d) * (9 - i), 0);
    const check = sum % 11;
    if (check < 10 && digits[0] !== '0') {
      return digits + String(check);
    }
  }
}

function address(rng: Rng): Address {
  const [city, postcode] = rng.pick(CITIES);
  const letters = String.fromCharCode(65 + rng.int(0, 25), 65 + rng.int(0, 25));
  return {
    use: 'home',
    line: [`${rng.pick(STREETS)} ${rng.int(1, 240)}`],
    city,
    postalCode: `${postcode + rng.int(0, 8)} ${letters}`,
    country: 'NL',
  };
}

function phone(rng: Rng, use: ContactPoint['use']): ContactPoint {
  return use === 'mobile'
    ? { system: 'phone', value: `06-${rng.digits(8)}`, use }
    : { system: 'phone', value: `030-${rng.digits(7)}`, use };
}

const ORGANIZATIONS: readonly (readonly [string, string, string | undefined])[] = [
  ['Huisartsenpraktijk De Linde', 'prov', undefined],
  ['Gezondheidscentrum Overvecht', 'prov', undefined],
  ['Huisartsenpraktijk Zeist-West', 'prov', undefined],
  ['Diakonessenhuis Utrecht', 'prov', undefined],
  ['Diakonessenhuis Interne geneeskunde', 'dept', 'org-0004'],
  ['Diakonessenhuis Longziekten', 'dept', 'org-0004'],
  ['UMC Utrecht', 'prov', undefined],
  ['UMC Utrecht Cardiologie', 'dept', 'org-0007'],
  ['Apotheek De Gaard', 'other', undefined],
  ['Thuiszorg Careyn', 'prov', undefined],
  ['Zilveren Kruis', 'ins', undefined],
  ['GGD regio Utrecht', 'govt', undefined],
  ['Fysiotherapie Oudwijk', 'prov', undefined],
  ['Huisartsen Coöperatie Utrecht Stad', 'team', undefined],
];

function organizations(rng: Rng): Organization[] {
  return ORGANIZATIONS.map(([name, type, partOf], i) => {
    const id = `org-${pad(i + 1, 4)}`;
    const identifier: Identifier[] = [];
    if (type === 'ins') {
      identifier.push({ system: SYSTEM.uzovi, value: '3311' });
    } else if (i % 5 !== 4) {
      identifier.push({ system: SYSTEM.agb, value: `0${rng.digits(7)}` }, { system: SYSTEM.ura, value: rng.digits(8) });
    }
    const organization: Organization = {
      resourceType: 'Organization',
      id,
      ...(identifier.length ? { identifier } : {}),
      ...(i % 6 === 5 ? {} : { active: i !== 12 }),
      type: [{ coding: [{ system: SYSTEM.organizationType, code: type }] }],
      name,
      ...(i % 4 === 3 ? {} : { telecom: [phone(rng, 'work')], address: [{ ...address(rng), use: 'work' }] }),
      ...(partOf ? { partOf: { reference: `Organization/${partOf}` } } : {}),
    };
    return organization;
  });
}

function locations(rng: Rng): Location[] {
  const names = [
    'Praktijk De Linde',
    'Gezondheidscentrum Overvecht',
    'Praktijk Zeist-West',
    'Poli Interne',
    'Huisartsenpost',
  ].concat(['Spreekkamer POH']);
  const owners = ['org-0001', 'org-0002', 'org-0003', 'org-0005', 'org-0014', 'org-0001'];
  return names.map((name, i) => ({
    resourceType: 'Location',
    id: `loc-${pad(i + 1, 4)}`,
    status: i === 4 ? 'inactive' : 'active',
    name,
    address: { ...address(rng), use: 'work' },
    managingOrganization: { reference: `Organization/${owners[i]}` },
  }));
}

function practitioners(rng: Rng, count: number): Practitioner[] {
  const result: Practitioner[] = [];
  for (let i = 1; i <= count; i++) {
    const female = rng.chance(0.6);
    const name: HumanName = {
      use: 'official',
      family: rng.pick(FAMILY),
      given: [rng.pick(female ? FEMALE : MALE)],
      ...(i % 3 === 0 ? {} : { prefix: ['dr.'] }),
    };
    const identifier: Identifier[] = i % 10 === 7 ? [] : [{ system: SYSTEM.agb, value: `01${rng.digits(6)}` }];
    if (i % 4 === 1) {
      identifier.push({ system: SYSTEM.big, value: rng.digits(11) });
    }
    result.push({
      resourceType: 'Practitioner',
      id: `prac-${pad(i, 4)}`,
      ...(identifier.length ? { identifier } : {}),
      active: i % 12 !== 11,
      name: [name],
      ...(i % 8 === 5 ? {} : { gender: female ? 'female' : 'male' }),
      telecom: [phone(rng, 'work'), { system: 'email', value: `praktijk${i}@zorg.example.nl`, use: 'work' }],
    });
  }
  return result;
}

function roles(rng: Rng, practitionerCount: number): PractitionerRole[] {
  const result: PractitionerRole[] = [];
  for (let i = 1; i <= practitionerCount + 6; i++) {
    const practitioner = i <= practitionerCount ? i : rng.int(1, practitionerCount);
    const nurse = practitioner % 5 === 0;
    const organization = rng.pick(['org-0001', 'org-0001', 'org-0002', 'org-0003', 'org-0005', 'org-0006', 'org-0008']);
    const start = randomDay(rng, '2005-01-01', '2022-12-31');
    result.push({
      resourceType: 'PractitionerRole',
      id: `role-${pad(i, 4)}`,
      active: i % 9 !== 4,
      ...(i % 9 === 4
        ? { period: { start: isoDate(start), end: isoDate(start + 700) } }
        : { period: { start: isoDate(start) } }),
      practitioner: { reference: `Practitioner/prac-${pad(practitioner, 4)}` },
      organization: { reference: `Organization/${organization}` },
      code: [{ coding: [{ system: SYSTEM.practitionerRole, code: nurse ? 'nurse' : 'doctor' }] }],
      ...(i % 7 === 6
        ? {}
        : {
            specialty: [
              {
                coding: [
                  organization <= 'org-0003'
                    ? {
                        system: SYSTEM.vektisSpecialism,
                        code: '0100',
                        display: 'Huisartsen, niet nader gespecificeerd',
                      }
                    : { system: SYSTEM.vektisSpecialism, code: '0313', display: 'Interne geneeskunde' },
                ],
              },
            ],
          }),
      ...(organization === 'org-0001' ? { location: [{ reference: 'Location/loc-0001' }] } : {}),
    });
  }
  return result;
}

function services(): HealthcareService[] {
  const rows: readonly (readonly [string, string, string, string])[] = [
    ['Huisartsenzorg', 'org-0001', '124', 'General Practice'],
    ['Diabetesspreekuur', 'org-0001', '165', 'Diabetes'],
    ['Griepvaccinatie', 'org-0001', '57', 'Immunization'],
    ['Huisartsenzorg', 'org-0002', '124', 'General Practice'],
    ['Ouderenzorg', 'org-0002', '168', 'Aged care'],
    ['Huisartsenzorg', 'org-0003', '124', 'General Practice'],
    ['Longpoli', 'org-0006', '165', 'Respiratory'],
    ['Thuiszorg wijkverpleging', 'org-0010', '20', 'Home care'],
    ['Fysiotherapie', 'org-0013', '91', 'Physiotherapy'],
    ['Praktijkondersteuning GGZ', 'org-0001', '8', 'Counselling'],
  ];
  return rows.map(([name, organization, code, display], i) => ({
    resourceType: 'HealthcareService',
    id: `hs-${pad(i + 1, 4)}`,
    active: i !== 4,
    providedBy: { reference: `Organization/${organization}` },
    ...(i === 9 ? {} : { category: [{ coding: [{ system: SYSTEM.serviceCategory, code: '17' }] }] }),
    type: [{ coding: [{ system: SYSTEM.serviceType, code, display }] }],
    name,
    ...(organization === 'org-0001' ? { location: [{ reference: 'Location/loc-0001' }] } : {}),
  }));
}

function patients(rng: Rng, count: number, practitionerCount: number): Patient[] {
  const result: Patient[] = [];
  for (let i = 1; i <= count; i++) {
    const gender = rng.weighted<Patient['gender'] | undefined>([
      ['female', 48],
      ['male', 46],
      ['other', 2],
      ['unknown', 2],
      [undefined, 2],
    ]);
    const female = gender === 'female' || (gender !== 'male' && rng.chance(0.5));
    const given = [rng.pick(female ? FEMALE : MALE)];
    if (rng.chance(0.15)) {
      given.push(rng.pick(female ? FEMALE : MALE));
    }
    const names: HumanName[] = [{ use: 'official', family: rng.pick(FAMILY), given }];
    if (rng.chance(0.08)) {
      names.push({ use: 'usual', given: [given[0].slice(0, 3)] });
    }
    const identifier: Identifier[] = [];
    if (i % 25 !== 7) {
      identifier.push({ system: SYSTEM.bsn, value: bsn(rng) });
    }
    if (i % 10 === 3) {
      // A local patient number without a system, as old GP systems send them.
      identifier.push({ value: `PN-${pad(i, 5)}` });
    }
    const telecom: ContactPoint[] = [];
    if (i % 13 !== 0) {
      telecom.push(phone(rng, rng.chance(0.7) ? 'mobile' : 'home'));
    }
    if (rng.chance(0.4)) {
      telecom.push({ system: 'email', value: `${given[0].toLowerCase()}.${i}@mail.example.nl` });
    }
    const birthDay = randomDay(rng, '1930-01-01', '2022-12-31');
    const deceased = i % 37 === 0;
    const patient: Patient = {
      resourceType: 'Patient',
      id: `pat-${pad(i, 4)}`,
      ...(identifier.length ? { identifier } : {}),
      ...(i % 17 === 0 ? {} : { active: i % 23 !== 0 }),
      name: names,
      ...(telecom.length ? { telecom } : {}),
      ...(gender ? { gender } : {}),
      ...(i % 31 === 0 ? {} : { birthDate: isoDate(birthDay) }),
      ...(deceased
        ? { deceasedDateTime: `${isoDate(randomDay(rng, '2023-01-01', '2025-05-31'))}T03:00:00+01:00` }
        : {}),
      ...(i % 19 === 0 ? {} : { address: [address(rng)] }),
      ...(i % 5 === 2
        ? {
            communication: [
              { language: { coding: [{ system: SYSTEM.language, code: rng.pick(['nl', 'tr', 'ar', 'en']) }] } },
            ],
          }
        : {}),
      ...(i % 29 === 0
        ? {}
        : {
            generalPractitioner: [
              { reference: `Practitioner/prac-${pad(1 + (i % Math.min(practitionerCount, 8)), 4)}` },
            ],
          }),
      managingOrganization: {
        reference: `Organization/${i % 6 === 0 ? 'org-0002' : i % 6 === 1 ? 'org-0003' : 'org-0001'}`,
      },
    };
    result.push(patient);
  }
  return result;
}

export function generateDirectory(rng: Rng, sizes: { patients: number; practitioners: number }): Directory {
  return {
    organizations: organizations(rng),
    locations: locations(rng),
    practitioners: practitioners(rng, sizes.practitioners),
    roles: roles(rng, sizes.practitioners),
    services: services(),
    patients: patients(rng, sizes.patients, sizes.practitioners),
  };
}
