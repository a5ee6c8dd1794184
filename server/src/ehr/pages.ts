// The EHR simulator's pages: sign-in, the EHR screen (staff to launch as, patient search with pages, the
// patient banner with the CDS cards of the opened patient, and one launch button per registered SMART app,
// the TARGET app first: with a patient, or on the practice page without one) and errors. Plain server-rendered HTML,
// Dutch first with English beside it, no inline script or style (the CSP allows only our own files), every
// interpolated value escaped.
import { isSelectedForConversation, TargetCareBurdenCategoryCodeSystem } from '@target/profiles';
import { escapeHtml } from '../oauth/pages.ts';
import type { ShownCard } from './cds-cards.ts';
import type { PatientBanner, PatientPage, PractitionerChoice } from './practice.ts';

export interface LaunchableApp {
  readonly clientId: string;
  readonly name: string;
}

function both(nl: string, en: string): string {
  return `${escapeHtml(nl)} <span class="en" lang="en">/ ${escapeHtml(en)}</span>`;
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/ehr/ehr.css"></head>
<body>${body}</body></html>`;
}

function topBar(right = ''): string {
  return `<header class="top"><h1>${both('EPD-simulator', 'EHR simulator')}<span class="demo">demo</span></h1>${right}</header>`;
}

export function signInPage(options: { action: string; failed: boolean; status?: string }): string {
  const error = options.failed
    ? `<p class="error" role="alert">${both('Onjuiste gebruikersnaam of wachtwoord.', 'Wrong username or password.')}</p>`
    : '';
  return page(
    'EPD-simulator — inloggen / sign in',
    `${topBar()}<main class="single"><div class="panel">
<h2>${both('Inloggen als praktijkmedewerker', 'Sign in as practice staff')}</h2>
<p>${both('Gebruik een demo-gebruiker van deze server (huisarts of poh).', "Use one of this server's demo users (huisarts or poh).")}</p>
${error}
<form method="post" action="${escapeHtml(options.action)}" id="ehr-login" autocomplete="off">
<label for="username">${both('Gebruikersnaam', 'Username')}</label><input id="username" name="username" type="text" required autofocus>
<label for="password">${both('Wachtwoord', 'Password')}</label><input id="password" name="password" type="password" required>
<button type="submit">${both('Inloggen', 'Sign in')}</button>
</form></div></main>`,
  );
}

export interface SimulatorPageOptions {
  readonly userName: string;
  readonly practiceName: string;
  readonly csrf: string;
  /** The practitioner the launch form preselects (the signed-in user's own). */
  readonly practitioner?: string;
  readonly practitioners: readonly PractitionerChoice[];
  readonly query: string;
  readonly patients: PatientPage;
  readonly banner?: PatientBanner;
  /** In launch order: the TARGET app first. */
  readonly apps: readonly LaunchableApp[];
  /** The opened patient's CDS cards; undefined when the CDS services did not answer. */
  readonly cards?: readonly ShownCard[];
}

function listUrl(query: string, page: number, patient?: string): string {
  const params = new URLSearchParams({ q: query, page: String(page), ...(patient ? { patient } : {}) });
  return `/ehr?${params}`;
}

function bannerSection(banner: PatientBanner): string {
  const testData = banner.testData ? ` <span class="test-data">${both('testgegevens', 'test data')}</span>` : '';
  const result = banner.careBurden;
  const burden = result
    ? `<span class="${isSelectedForConversation(result) ? 'burden-high' : ''}" data-testid="banner-care-burden">${both(
        `Zorgzwaarte: ${TargetCareBurdenCategoryCodeSystem.codes[result.category]}${result.hnhc ? ' (HNHC)' : ''}`,
        `Care burden: ${result.category}${result.hnhc ? ' (HNHC)' : ''}`,
      )}</span>`
    : banner.careBurdenProblem
      ? `<span class="error">${both('Zorgzwaarte onleesbaar', 'Care burden unreadable')}</span>`
      : `<span>${both('Geen zorgzwaarte bekend', 'No care burden result')}</span>`;
  return `<section class="banner" aria-label="Patiëntbanner / patient banner" data-patient-id="${escapeHtml(banner.id)}">
<span class="name" data-testid="banner-name">${escapeHtml(banner.name)}</span>
<span>${both('Geboortedatum', 'Birth date')}: <span data-testid="banner-birth-date">${escapeHtml(banner.birthDate ?? '—')}</span></span>
<span>BSN: <span data-testid="banner-bsn">${escapeHtml(banner.bsn ?? '—')}</span>${testData}</span>
${burden}</section>`;
}

function launchPanel(options: SimulatorPageOptions, banner: PatientBanner | undefined): string {
  const staff = options.practitioners
    .map(
      (p) =>
        `<option value="${escapeHtml(p.reference)}"${p.reference === options.practitioner ? ' selected' : ''}>${escapeHtml(p.name)}${p.roles.length ? ` (${escapeHtml(p.roles.join(', '))})` : ''}</option>`,
    )
    .join('');
  const context = banner
    ? `<p>${both(`Voor patiënt ${banner.name}.`, `For patient ${banner.name}.`)}</p>`
    : `<p>${both('Zonder patiënt: de app opent voor de praktijk (TARGET: de werklijst). Kies een patiënt om een app voor die patiënt te starten.', 'Without a patient: the app opens for the practice (TARGET: the worklist). Choose a patient to launch an app for that patient.')}</p>`;
  const apps = options.apps.length
    ? options.apps
        .map(
          (app) =>
            `<button type="submit" name="client_id" value="${escapeHtml(app.clientId)}">${both(`Start ${app.name}`, `Launch ${app.name}`)}</button>`,
        )
        .join('')
    : `<p>${both('Er is geen SMART-app met een launch-URL geregistreerd.', 'No SMART app with a launch URL is registered.')}</p>`;
  return `<div class="panel"><h2>${both('SMART-app starten', 'Launch a SMART app')}</h2>${context}
<form method="post" action="/ehr/launch" id="ehr-launch">
<input type="hidden" name="csrf" value="${escapeHtml(options.csrf)}">
${banner ? `<input type="hidden" name="patient" value="${escapeHtml(banner.id)}">` : ''}
<label for="practitioner">${both('Starten als behandelaar', 'Launch as practitioner')}</label>
<select id="practitioner" name="practitioner" required>${staff}</select>
${apps}</form></div>`;
}

/** A card's links: a `smart` link submits the launch form for its registered app, as the app buttons do. */
function cardLinks(card: ShownCard): string {
  return card.links
    .map((link) => {
      if (link.type === 'absolute') {
        return `<a href="${escapeHtml(link.url)}" rel="noopener noreferrer">${escapeHtml(link.label)}</a>`;
      }
      return link.clientId
        ? `<button type="submit" form="ehr-launch" name="client_id" value="${escapeHtml(link.clientId)}" data-card-link="smart">${escapeHtml(link.label)}</button>`
        : `<span class="error">${escapeHtml(link.label)}: ${both('deze app is niet geregistreerd', 'this app is not registered')}</span>`;
    })
    .join(' ');
}

function cardsSection(cards: readonly ShownCard[] | undefined): string {
  if (!cards) {
    return `<section class="cards" aria-label="CDS-kaarten / CDS cards"><p class="error">${both('De CDS-kaarten zijn niet beschikbaar.', 'The CDS cards are not available.')}</p></section>`;
  }
  if (cards.length === 0) {
    return '';
  }
  const shown = cards
    .map(
      (card) => `<article class="card card-${escapeHtml(card.indicator)}" data-testid="cds-card">
<h3>${escapeHtml(card.summary)}</h3>${card.detail ? `<p class="detail">${escapeHtml(card.detail)}</p>` : ''}
<p class="source">${both('Bron', 'Source')}: ${escapeHtml(card.source)}</p><p>${cardLinks(card)}</p></article>`,
    )
    .join('\n');
  return `<section class="cards" aria-label="CDS-kaarten / CDS cards">${shown}</section>`;
}

export function simulatorPage(options: SimulatorPageOptions): string {
  const { patients, query, banner } = options;
  const rows = patients.patients
    .map(
      (p) =>
        `<tr${p.id === banner?.id ? ' class="selected"' : ''}><td><a href="${escapeHtml(listUrl(query, patients.page, p.id))}" data-patient-id="${escapeHtml(p.id)}">${escapeHtml(p.name)}</a></td><td>${escapeHtml(p.birthDate ?? '')}</td></tr>`,
    )
    .join('\n');
  const previous =
    patients.page > 0
      ? `<a href="${escapeHtml(listUrl(query, patients.page - 1))}" rel="prev">${both('Vorige', 'Previous')}</a>`
      : '';
  const next = patients.hasNext
    ? `<a href="${escapeHtml(listUrl(query, patients.page + 1))}" rel="next">${both('Volgende', 'Next')}</a>`
    : '';
  const signOut = `<form method="post" action="/ehr/logout"><input type="hidden" name="csrf" value="${escapeHtml(options.csrf)}">
<span>${escapeHtml(options.userName)} — ${escapeHtml(options.practiceName)}</span>
<button type="submit" class="secondary">${both('Uitloggen', 'Sign out')}</button></form>`;
  return page(
    'EPD-simulator / EHR simulator',
    `${topBar(signOut)}${banner ? `${bannerSection(banner)}${cardsSection(options.cards)}` : ''}
<main><div class="panel"><h2>${both('Patiënten', 'Patients')}</h2>
<form method="get" action="/ehr" role="search"><label for="q">${both('Zoek op naam', 'Search by name')}</label>
<input id="q" name="q" type="search" value="${escapeHtml(query)}"><button type="submit" class="secondary">${both('Zoeken', 'Search')}</button></form>
<table id="patients"><thead><tr><th>${both('Naam', 'Name')}</th><th>${both('Geboortedatum', 'Birth date')}</th></tr></thead>
<tbody>${rows || `<tr><td colspan="2">${both('Geen patiënten gevonden.', 'No patients found.')}</td></tr>`}</tbody></table>
<nav class="pages">${previous}${next}</nav></div>
${launchPanel(options, banner)}
</main>`,
  );
}

export function ehrErrorPage(nl: string, en: string): string {
  return page(
    'EPD-simulator — fout / error',
    `${topBar()}<main class="single"><div class="panel"><h2>${both('Er ging iets mis', 'Something went wrong')}</h2>
<p class="error" role="alert">${both(nl, en)}</p><p><a href="/ehr">${both('Terug naar de EPD-simulator', 'Back to the EHR simulator')}</a></p></div></main>`,
  );
}
