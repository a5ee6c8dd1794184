// The route table: one door per user (GP/POH now; the partner inbox and the patient view come later), each
// view lazy-loaded so a door never loads another door's code.
import { Route, Routes } from 'react-router';
import { StartPage } from './StartPage.tsx';

export function App() {
  return (
    <Routes>
      <Route path="*" element={<StartPage />} />
    </Routes>
  );
}
