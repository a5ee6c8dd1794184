// The route table: the SMART launch (/launch, /callback) and one door per user (GP/POH now; the partner
// inbox and the patient view come later). Doors and their views are lazy-loaded, so the launch pages stay
// small and a door never loads another door's code.
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { LoadingState } from './components/ViewState.tsx';
import { CallbackPage } from './launch/CallbackPage.tsx';
import { LaunchPage } from './launch/LaunchPage.tsx';
import { StartPage } from './StartPage.tsx';

const GpDoor = lazy(() => import('./doors/gp/GpDoor.tsx').then((m) => ({ default: m.GpDoor })));
const GpHome = lazy(() => import('./doors/gp/GpDoor.tsx').then((m) => ({ default: m.GpHome })));
const PatientOverviewPage = lazy(() =>
  import('./doors/gp/patient/PatientOverviewPage.tsx').then((m) => ({ default: m.PatientOverviewPage })),
);
const WorklistPage = lazy(() =>
  import('./doors/gp/worklist/WorklistPage.tsx').then((m) => ({ default: m.WorklistPage })),
);
const SettingsPage = lazy(() =>
  import('./doors/gp/settings/SettingsPage.tsx').then((m) => ({ default: m.SettingsPage })),
);

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
        </Route>
        <Route path="*" element={<StartPage />} />
      </Routes>
    </Suspense>
  );
}
