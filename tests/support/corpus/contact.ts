// Patients as a population and as people we talk to: groups (care programmes), consents for data
// exchange, communications and appointments.
import type { Appointment, Communication, Condition, Consent, Group, Patient } from '@medplum/fhirtypes';
import type { Rng } from './random.ts';
import { isoDate, localDateTime, officeMinutes, pad, randomDay } from './random.ts';
import type { Ref } from './systems.ts';
import { ref, SYSTEM } from './systems.ts';

export interface Contact {
  readonly groups: Group[];
  readonly consents: Consent[];
  readonly communications: Communication[];
  readonly appointments: Appointment[];
}

export interface ContactContext {
  readonly patients: Patient[];
  readonly conditions: Condition[];
  readonly practitionerCount: number;
  readonly serviceRequestIds: string[];
}

const prac = (rng: Rng, ctx: ContactContext): Ref =>
  ref('Practitioner', `prac-${pad(rng.int(1, ctx.practitionerCount), 4)}`);

/** Care programmes by ICPC code; the last group is a hypothetical (not actual) cohort without members. */
const PROGRAMMES: readonly (readonly [name: string, icpc: string | undefined])[] = [
  ['Ketenzorg diabetes', 'T90'],
  ['Ketenzorg COPD', 'R95'],
  ['Cardiovasculair risicomanagement', 'K86'],
  ['Griepvaccinatie 2024', undefined],
  ['Kwetsbare ouderen (TARGET-selectie)', undefined],
];

function groups(rng: Rng, ctx: ContactContext): Group[] {
  return PROGRAMMES.map(([name, icpc], i) => {
    const members = icpc
      ? [...new Set(ctx.conditions.filter((c) => c.code?.coding?.[0]?.code === icpc).map((c) => c.subject.reference))]
      : i === 3
        ? ctx.patients.filter((p) => (p.birthDate ?? '9999') < '1960-01-01').map((p) => `Patient/${p.id}`)
        : [];
    const actual = i !== 4;
    return {
      resourceType: 'Group',
      id: `grp-${pad(i + 1, 4)}`,
      type: 'person',
      actual,
      name,
      ...(icpc
        ? {
            characteristic: [
              {
                code: { coding: [{ system: SYSTEM.snomed, code: '439401001', display: 'Diagnosis' }] },
                valueCodeableConcept: { coding: [{ system: SYSTEM.icpc, code: icpc }] },
                exclude: false,
              },
            ],
          }
        : {}),
      managingEntity: ref('Organization', 'org-0001'),
      ...(actual && members.length
        ? {
            quantity: members.length,
            member: members.map((reference) => ({
              entity: { reference: reference as string },
              ...(rng.chance(0.1) ? { inactive: true } : {}),
            })),
          }
        : {}),
    };
  });
}

function consents(rng: Rng, ctx: ContactContext, count: number): Consent[] {
  const result: Consent[] = [];
  for (let i = 1; i <= count; i++) {
    const patient = ref('Patient', rng.pick(ctx.patients).id as string);
    const optIn = rng.chance(0.8);
    const start = randomDay(rng, '2020-01-01', '2025-06-01');
    result.push({
      resourceType: 'Consent',
      id: `cons-${pad(i, 4)}`,
      status: rng.weighted<Consent['status']>([
        ['active', 8],
        ['inactive', 1],
        ['proposed', 1],
        ['rejected', 1],
      ]),
      scope: { coding: [{ system: SYSTEM.consentScope, code: i % 4 === 0 ? 'treatment' : 'patient-privacy' }] },
      category: [{ coding: [{ system: SYSTEM.loinc, code: i % 3 === 0 ? '64292-6' : '59284-0' }] }],
      patient,
      ...(i % 10 === 3 ? {} : { dateTime: localDateTime(start, officeMinutes(rng)) }),
      performer: [patient],
      organization: [ref('Organization', 'org-0001')],
      policyRule: { coding: [{ system: SYSTEM.consentPolicy, code: optIn ? 'OPTIN' : 'OPTOUT' }] },
      provision: {
        type: optIn ? 'permit' : 'deny',
        period: i % 5 === 0 ? { start: isoDate(start), end: isoDate(start + 730) } : { start: isoDate(start) },
        actor: [
          {
            role: { coding: [{ system: SYSTEM.participationType, code: 'IRCP' }] },
            reference: ref('Organization', rng.pick(['org-0004', 'org-0007', 'org-0009', 'org-0010'])),
          },
        ],
        action: [{ coding: [{ system: SYSTEM.consentAction, code: rng.pick(['access', 'disclose', 'collect']) }] }],
      },
    });
  }
  return result;
}

function communications(rng: Rng, ctx: ContactContext, count: number): Communication[] {
  const result: Communication[] = [];
  const payloads = [
    'Uitslag HbA1c besproken',
    'Herinnering griepvaccinatie',
    'Verwijsbrief verstuurd',
    'Controle over 3 maanden',
  ];
  for (let i = 1; i <= count; i++) {
    const patient = ref('Patient', rng.pick(ctx.patients).id as string);
    const day = randomDay(rng, '2022-01-01', '2025-06-27');
    const minutes = officeMinutes(rng);
    const status = rng.weighted<Communication['status']>([
      ['completed', 8],
      ['in-progress', 1],
      ['not-done', 1],
    ]);
    result.push({
      resourceType: 'Communication',
      id: `comm-${pad(i, 4)}`,
      ...(i % 4 === 1
        ? { basedOn: [ref('ServiceRequest', ctx.serviceRequestIds[i % ctx.serviceRequestIds.length])] }
        : {}),
      status,
      category: [
        {
          coding: [
            { system: SYSTEM.communicationCategory, code: rng.pick(['notification', 'reminder', 'instruction']) },
          ],
        },
      ],
      ...(i % 6 === 5
        ? {}
        : {
            medium: [
              { coding: [{ system: SYSTEM.participationMode, code: rng.pick(['PHONE', 'EMAILWRIT', 'VIDEOCONF']) }] },
            ],
          }),
      subject: patient,
      ...(status === 'not-done' ? {} : { sent: localDateTime(day, minutes) }),
      ...(status === 'completed' && i % 2 === 0 ? { received: localDateTime(day, minutes + 5) } : {}),
      recipient: [i % 5 === 0 ? ref('Organization', 'org-0004') : patient],
      sender: prac(rng, ctx),
      payload: [{ contentString: rng.pick(payloads) }],
    });
  }
  return result;
}

function appointments(rng: Rng, ctx: ContactContext, count: number): Appointment[] {
  const result: Appointment[] = [];
  for (let i = 1; i <= count; i++) {
    const patient = ref('Patient', rng.pick(ctx.patients).id as string);
    const status = rng.weighted<Appointment['status']>([
      ['booked', 30],
      ['fulfilled', 45],
      ['cancelled', 10],
      ['noshow', 5],
      ['proposed', 5],
      ['arrived', 5],
    ]);
    const day =
      status === 'booked' || status === 'proposed'
        ? randomDay(rng, '2025-07-01', '2025-10-31')
        : randomDay(rng, '2023-01-01', '2025-06-27');
    const start = officeMinutes(rng);
    const minutes = rng.pick([10, 10, 15, 20, 30]);
    const timed = !(status === 'proposed' && i % 2 === 0);
    const reasons = ctx.conditions.filter((c) => c.subject.reference === patient.reference);
    result.push({
      resourceType: 'Appointment',
      id: `appt-${pad(i, 4)}`,
      status,
      serviceType: [{ coding: [{ system: SYSTEM.serviceType, code: i % 10 === 0 ? '57' : '124' }] }],
      ...(i % 7 === 6
        ? {}
        : {
            appointmentType: {
              coding: [
                { system: SYSTEM.appointmentType, code: rng.pick(['ROUTINE', 'FOLLOWUP', 'CHECKUP', 'WALKIN']) },
              ],
            },
          }),
      ...(reasons.length && i % 2 === 1 ? { reasonReference: [ref('Condition', reasons[0].id as string)] } : {}),
      description: minutes >= 20 ? 'Dubbel consult' : 'Consult',
      ...(timed
        ? { start: localDateTime(day, start), end: localDateTime(day, start + minutes), minutesDuration: minutes }
        : {}),
      created: isoDate(day - rng.int(1, 30)),
      ...(i % 9 === 4
        ? { basedOn: [ref('ServiceRequest', ctx.serviceRequestIds[i % ctx.serviceRequestIds.length])] }
        : {}),
      participant: [
        { actor: patient, status: status === 'proposed' ? 'needs-action' : 'accepted' },
        ...(i % 12 === 11
          ? []
          : [{ actor: prac(rng, ctx), status: i % 8 === 3 ? ('tentative' as const) : ('accepted' as const) }]),
        ...(i % 3 === 0 ? [{ actor: ref('Location', 'loc-0001'), status: 'accepted' as const }] : []),
      ],
    });
  }
  return result;
}

export function generateContact(
  rng: Rng,
  ctx: ContactContext,
  sizes: Record<keyof Omit<Contact, 'groups'>, number>,
): Contact {
  return {
    groups: groups(rng, ctx),
    consents: consents(rng, ctx, sizes.consents),
    communications: communications(rng, ctx, sizes.communications),
    appointments: appointments(rng, ctx, sizes.appointments),
  };
}
