// The GP door's lazily loaded code, in one place: the route table loads each part when it is first shown,
// and the launch callback starts loading the door and the patient overview while the code is exchanged for
// a token, so the first view does not wait for its code after the OAuth round trip.
export const loadGpDoor = () => import('./GpDoor.tsx');
export const loadPatientOverview = () => import('./patient/PatientOverviewPage.tsx');
export const loadWorklist = () => import('./worklist/WorklistPage.tsx');
export const loadSettings = () => import('./settings/SettingsPage.tsx');
export const loadConversation = () => import('./conversation/ConversationPage.tsx');

/** Starts fetching what a launch shows first; a failure here is left to the route's own load to report. */
export function preloadFirstView(): void {
  for (const load of [loadGpDoor, loadPatientOverview]) {
    load().catch(() => undefined);
  }
}
