// The authorization server's pages: sign-in, consent (with the patient picker of a standalone launch) and
// errors. Plain server-rendered HTML, Dutch first with English below, no external assets: the one inline
// stylesheet carries the response's CSP nonce. Every interpolated value goes through `escapeHtml`.

import { INTERACTIONS } from '../access/scopes.ts';
import type { PatientChoice } from './directory.ts';
import { parseResourceScope } from './smart-scopes.ts';

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f6f8;color:#1d2733;margin:0}
main{max-width:34rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin-top:0}.en{color:#5b6b7b;font-size:.9em}label{display:block;margin:.8rem 0 .2rem}
input[type=text],input[type=password],input[type=search]{width:100%;padding:.5rem;box-sizing:border-box}
button{padding:.6rem 1.2rem;margin:1rem .5rem 0 0;border:0;border-radius:4px;background:#1f6feb;color:#fff;cursor:pointer}
button.secondary{background:#d0d7de;color:#1d2733}.error{color:#b42318}ul{padding-left:1.2rem}li{margin:.3rem 0}
fieldset{border:1px solid #d0d7de;border-radius:4px;margin:1rem 0}.patients label{margin:.3rem 0}`;

function page(nonce: string, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style nonce="${escapeHtml(nonce)}">${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

function both(nl: string, en: string): string {
  return `${escapeHtml(nl)} <span class="en" lang="en">/ ${escapeHtml(en)}</span>`;
}

export function loginPage(options: { nonce: string; action: string; clientName: string; failed: boolean }): string {
  const error = options.failed
    ? `<p class="error" role="alert">${both('Onjuiste gebruikersnaam of wachtwoord.', 'Wrong username or password.')}</p>`
    : '';
  return page(
    options.nonce,
    'Inloggen / Sign in',
    `<h1>${both('Inloggen', 'Sign in')}</h1>
<p>${both(`${options.clientName} vraagt toegang tot TARGET.`, `${options.clientName} asks for access to TARGET.`)}</p>
${error}
<form method="post" action="${escapeHtml(options.action)}" autocomplete="off">
<label for="username">${both('Gebruikersnaam', 'Username')}</label>
<input id="username" name="username" type="text" required autofocus>
<label for="password">${both('Wachtwoord', 'Password')}</label>
<input id="password" name="password" type="password" required>
<button type="submit">${both('Inloggen', 'Sign in')}</button>
</form>`,
  );
}

const FIXED_SCOPES: Record<string, [string, string]> = {
  openid: ['Uw identiteit bevestigen', 'Confirm your identity'],
  fhirUser: ['Weten wie u bent in het dossier', 'Know who you are in the record'],
  profile: ['Uw naam', 'Your name'],
  offline_access: ['Toegang houden nadat u bent uitgelogd', 'Keep access after you sign out'],
  online_access: ['Toegang houden zolang u ingelogd bent', 'Keep access while you are signed in'],
  launch: ['De patiënt en context van de EHR-launch krijgen', 'Receive the patient and context of the EHR launch'],
  'launch/patient': ['Een patiënt kiezen', 'Choose a patient'],
  'launch/encounter': ['Het huidige contact kennen', 'Know the current encounter'],
};

const CONTEXTS = {
  patient: ['gegevens van de gekozen patiënt', "the chosen patient's data"],
  user: ['alle gegevens die u mag zien', 'all data you may see'],
  system: ['alle gegevens (systeem)', 'all data (system)'],
} as const;

const PERMISSIONS: Record<string, [string, string]> = {
  c: ['aanmaken', 'create'],
  r: ['lezen', 'read'],
  u: ['wijzigen', 'update'],
  d: ['verwijderen', 'delete'],
  s: ['zoeken', 'search'],
};

/** One line per scope, in Dutch and English. */
export function describeScope(scope: string): [string, string] {
  const fixed = FIXED_SCOPES[scope];
  if (fixed) {
    return fixed;
  }
  const parsed = parseResourceScope(scope);
  if (!parsed) {
    return [scope, scope];
  }
  const [ctxNl, ctxEn] = CONTEXTS[parsed.context];
  const typeNl = parsed.resourceType === '*' ? 'alle soorten' : parsed.resourceType;
  const typeEn = parsed.resourceType === '*' ? 'all types' : parsed.resourceType;
  const verbs = INTERACTIONS.filter((letter) => parsed.interactions.has(letter)).map((letter) => PERMISSIONS[letter]);
  return [
    `${typeNl} (${ctxNl}): ${verbs.map((v) => v[0]).join(', ')}`,
    `${typeEn} (${ctxEn}): ${verbs.map((v) => v[1]).join(', ')}`,
  ];
}

export interface ConsentPageOptions {
  readonly nonce: string;
  readonly action: string;
  readonly searchAction: string;
  readonly clientName: string;
  readonly userName: string;
  readonly scopes: readonly string[];
  /** Present when the user must pick a patient (standalone `launch/patient`). */
  readonly picker?: { readonly patients: readonly PatientChoice[]; readonly query: string };
  /** The patient of an EHR launch, shown by name and birth date for confirmation (the id only if unseen). */
  readonly launchPatient?: PatientChoice;
  /**
   * A trusted client (no consent asked): the page only picks the patient of a standalone launch, without
   * the list of permissions.
   */
  readonly pickOnly?: boolean;
}

/** A birth date as Dutch readers write it: 1950-03-07 → 07-03-1950. */
export function dutchDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return match ? `${match[3]}-${match[2]}-${match[1]}` : isoDate;
}

/** "Jan Jansen (geb. 07-03-1950)": how a page names a patient; the id only when no name could be read. */
function patientLabel(patient: PatientChoice): [string, string] {
  if (!patient.name.trim()) {
    return [`patiënt ${patient.id}`, `patient ${patient.id}`];
  }
  const born = patient.birthDate ? dutchDate(patient.birthDate) : undefined;
  return [
    born ? `${patient.name} (geb. ${born})` : patient.name,
    born ? `${patient.name} (born ${born})` : patient.name,
  ];
}

export function consentPage(options: ConsentPageOptions): string {
  const scopes = options.scopes
    .map((scope) => {
      const [nl, en] = describeScope(scope);
      return `<li>${both(nl, en)} <code>${escapeHtml(scope)}</code></li>`;
    })
    .join('\n');
  const picker = options.picker ? pickerSection(options.picker, options.searchAction) : '';
  const [patientNl, patientEn] = options.launchPatient ? patientLabel(options.launchPatient) : ['', ''];
  const launch = options.launchPatient
    ? `<p class="patient">${both(`Patiënt uit het EPD: ${patientNl}`, `Patient from the EHR: ${patientEn}`)}</p>`
    : '';
  const noPatients = options.picker && options.picker.patients.length === 0;
  const form = (allow: string, deny: string) =>
    `<form method="post" action="${escapeHtml(options.action)}" id="consent">${picker ? picker.choices : ''}
${noPatients ? '' : `<button type="submit" name="decision" value="allow">${allow}</button>`}
<button type="submit" name="decision" value="deny" class="secondary" formnovalidate>${deny}</button>
</form>${picker ? picker.search : ''}`;
  if (options.pickOnly) {
    return page(
      options.nonce,
      'Patiënt kiezen / Choose a patient',
      `<h1>${both('Patiënt kiezen', 'Choose a patient')}</h1>
<p>${both(`Ingelogd als ${options.userName}.`, `Signed in as ${options.userName}.`)}</p>
<p>${both(`${options.clientName} opent met de gekozen patiënt.`, `${options.clientName} opens with the chosen patient.`)}</p>
${form(both('Verder', 'Continue'), both('Annuleren', 'Cancel'))}`,
    );
  }
  return page(
    options.nonce,
    'Toestemming / Consent',
    `<h1>${both('Toestemming geven', 'Give consent')}</h1>
<p>${both(`Ingelogd als ${options.userName}.`, `Signed in as ${options.userName}.`)}</p>
<p>${both(`${options.clientName} vraagt:`, `${options.clientName} asks to:`)}</p>
<ul>${scopes}</ul>${launch}
${form(both('Toestaan', 'Allow'), both('Weigeren', 'Deny'))}`,
  );
}

function pickerSection(
  picker: NonNullable<ConsentPageOptions['picker']>,
  searchAction: string,
): { choices: string; search: string } {
  const items = picker.patients
    .map(
      (p, i) =>
        `<label><input type="radio" name="patient" value="${escapeHtml(p.id)}" required${i === 0 ? ' checked' : ''}> ${escapeHtml(p.name)}${p.birthDate ? ` (${escapeHtml(p.birthDate)})` : ''}</label>`,
    )
    .join('\n');
  const empty = `<p>${both('Geen patiënten gevonden.', 'No patients found.')}</p>`;
  return {
    choices: `<fieldset class="patients"><legend>${both('Kies een patiënt', 'Choose a patient')}</legend>${items || empty}</fieldset>`,
    search: `<form method="get" action="${escapeHtml(searchAction)}"><label for="q">${both('Zoek op naam', 'Search by name')}</label>
<input id="q" name="q" type="search" value="${escapeHtml(picker.query)}"><button type="submit" class="secondary">${both('Zoeken', 'Search')}</button></form>`,
  };
}

export function errorPage(nonce: string, details: { error: string; error_description?: string }): string {
  return page(
    nonce,
    'Fout / Error',
    `<h1>${both('Er ging iets mis', 'Something went wrong')}</h1>
<p class="error"><code>${escapeHtml(details.error)}</code>: ${escapeHtml(details.error_description ?? '')}</p>`,
  );
}
