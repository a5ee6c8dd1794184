// The EHR simulator as a CDS Hooks client (CDS Hooks 2.0): when a patient is opened it asks every
// `patient-view` service the server's discovery lists, with the signed-in user's own token as
// `fhirAuthorization` (so a card shows only what that user may read), and shows their cards. A card's `smart`
// link is launched like the simulator's own app buttons (the registered app whose launch URL it names, with
// the EHR's launch context for this patient); the spec leaves the launch to the EHR.
import { randomUUID } from 'node:crypto';
import type { RegisteredClient } from '../oauth/index.ts';

/** What the simulator shows of one card. */
export interface ShownCard {
  readonly summary: string;
  readonly detail?: string;
  readonly indicator: string;
  readonly source: string;
  readonly links: readonly ShownLink[];
}

export interface ShownLink {
  readonly label: string;
  readonly type: 'smart' | 'absolute';
  readonly url: string;
  /** For a `smart` link: the registered app whose launch URL it is (undefined: no such app is registered). */
  readonly clientId?: string;
}

export interface CdsCallContext {
  /** e.g. `http://127.0.0.1:8080/cds-services` (the server's own listening address). */
  readonly servicesUrl: string;
  /** The FHIR base the cards may read (the public base URL, as the token's audience names it). */
  readonly fhirServer: string;
  readonly accessToken: string;
  readonly scope: string;
  readonly userId?: string;
  readonly username: string;
  readonly patientId: string;
  readonly launchable: readonly RegisteredClient[];
}

const TIMEOUT_MS = 5_000;

interface ServiceCard {
  summary?: unknown;
  detail?: unknown;
  indicator?: unknown;
  source?: { label?: unknown };
  links?: { label?: unknown; url?: unknown; type?: unknown }[];
}

async function json(url: string, init?: RequestInit): Promise<unknown> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}`);
  }
  return response.json();
}

function shownLinks(card: ServiceCard, launchable: readonly RegisteredClient[]): ShownLink[] {
  return (card.links ?? []).flatMap((link): ShownLink[] => {
    if (typeof link.url !== 'string' || (link.type !== 'smart' && link.type !== 'absolute')) {
      return [];
    }
    const label = typeof link.label === 'string' ? link.label : link.url;
    const clientId =
      link.type === 'smart' ? launchable.find((client) => client.launch_url === link.url)?.client_id : undefined;
    return [{ label, type: link.type, url: link.url, clientId }];
  });
}

/**
 * The cards of every patient-view service for this patient.
 * @throws when discovery or a service fails (the page then says the cards are unavailable).
 */
export async function patientViewCards(context: CdsCallContext): Promise<ShownCard[]> {
  const discovery = (await json(context.servicesUrl)) as { services?: { id?: unknown; hook?: unknown }[] };
  const services = (discovery.services ?? []).filter((s) => s.hook === 'patient-view' && typeof s.id === 'string');
  const answers = await Promise.all(
    services.map(
      (service) =>
        json(`${context.servicesUrl}/${encodeURIComponent(service.id as string)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            hook: 'patient-view',
            hookInstance: randomUUID(),
            fhirServer: context.fhirServer,
            fhirAuthorization: {
              access_token: context.accessToken,
              token_type: 'Bearer',
              expires_in: 300,
              scope: context.scope,
              subject: context.username,
            },
            context: { patientId: context.patientId, ...(context.userId ? { userId: context.userId } : {}) },
          }),
        }) as Promise<{ cards?: ServiceCard[] }>,
    ),
  );
  return answers.flatMap((answer) =>
    (answer.cards ?? []).map((card) => ({
      summary: String(card.summary ?? ''),
      detail: typeof card.detail === 'string' ? card.detail : undefined,
      indicator: String(card.indicator ?? 'info'),
      source: String(card.source?.label ?? ''),
      links: shownLinks(card, context.launchable),
    })),
  );
}
