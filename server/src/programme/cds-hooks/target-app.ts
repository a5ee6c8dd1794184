// Which registered SMART app is the TARGET app, and the order apps are offered in: the EHR simulator lists
// the TARGET app first (the practice's own app, the one a GP opens most), then the others in registry order;
// the CDS Hooks card links to the first of that list. The TARGET app is the registry entry with client_id
// `target-app` (the id the demo registry gives it; oauth/clients.ts), served at `{base}/app/launch`.
import { type RegisteredClient, TARGET_APP_CLIENT_ID } from '../../oauth/index.ts';

/** The registry's clients that can be launched (they have a launch URL), the TARGET app first. */
export function launchableApps(clients: readonly RegisteredClient[]): RegisteredClient[] {
  const launchable = clients.filter((client) => client.launch_url);
  return [
    ...launchable.filter((client) => client.client_id === TARGET_APP_CLIENT_ID),
    ...launchable.filter((client) => client.client_id !== TARGET_APP_CLIENT_ID),
  ];
}
