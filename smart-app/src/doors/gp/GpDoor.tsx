// The GP/POH door: the launched session around the GP layout (one lazy chunk with the layout, so the
// launch pages do not load it).
import { Navigate } from 'react-router';
import { SessionGate } from '../../launch/SessionGate.tsx';
import { useSmartSession } from '../../launch/session.ts';
import { GpLayout } from './GpLayout.tsx';

export function GpDoor() {
  return (
    <SessionGate>
      <GpLayout />
    </SessionGate>
  );
}

/** `/app/gp`: the patient in context when the launch named one, else the practice worklist. */
export function GpHome() {
  const { patientId } = useSmartSession();
  return <Navigate to={patientId ? '/gp/patient' : '/gp/worklist'} replace />;
}
