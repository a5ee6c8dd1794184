// The route table: the SMART launch (/launch, /callback) and one door per user (GP/POH now; the partner
// inbox and the patient view come later). Doors and their views are lazy-loaded, so the launch pages stay
// small and a door never loads another door's code.
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { LoadingState } from './components/ViewState.tsx';
import { loadConversation, loadGpDoor, loadPatientOverview, loadSettings, loadWorklist } from './doors/gp/views.ts';
import { CallbackPage } from './launch/CallbackPage.tsx';
import { LaunchPage } from './launch/LaunchPage.tsx';
import { StartPage } from './StartPage.tsx';

const GpDoor = lazy(() => loadGpDoor().then((m) => ({ default: m.GpDoor })));
const GpHome = lazy(() => loadGpDoor().then((m) => ({ default: m.GpHome })));
const PatientOverviewPage = lazy(() => loadPatientOverview().then((m) => ({ default: m.PatientOverviewPage })));
const WorklistPage = lazy(() => loadWorklist().then((m) => ({ default: m.WorklistPage })));
const SettingsPage = lazy(() => loadSettings().then((m) => ({ default: m.SettingsPage })));
const ConversationPage = lazy(() => loadConversation().then((m) => ({ default: m.ConversationPage })));

export function App() {
  return (
    <Suspense fallback={<LoadingState />}>
      <Routes>
        <Route path="/launch" element={<LaunchPage />} />
        <Route path="/callback" element={<CallbackPage />} />
        <Route path="/gp" element={<GpDoor />}>
          <Route index element={<GpHome />} />
          <Route path="patient" element={<PatientOverviewPage />} />
          <Route path="worklist" element={<WorklistPage />} />
          <Route path="settings" element={<SettingsPage />} />
          <Route path="conversation" element={<ConversationPage />} />
        </Route>
        <Route path="*" element={<StartPage />} />
      </Routes>
    </Suspense>
  );
}
