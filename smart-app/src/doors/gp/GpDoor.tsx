// The GP/POH door: the launched session around the GP layout (one lazy chunk with the layout, so the
// launch pages do not load it).
import { SessionGate } from '../../launch/SessionGate.tsx';
import { GpLayout } from './GpLayout.tsx';

export function GpDoor() {
  return (
    <SessionGate>
      <GpLayout />
    </SessionGate>
  );
}
