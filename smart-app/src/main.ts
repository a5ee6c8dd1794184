// The SMART app's entry. The shell only proves the wiring: it bundles the shared module's browser entry.
// The GP/POH views, the partner inbox and the patient view are built on it in the app issues.
import { TARGET_PACKAGE } from '@target/profiles';

const root = document.getElementById('root');
if (root) {
  root.textContent = `TARGET (${TARGET_PACKAGE.name} ${TARGET_PACKAGE.version})`;
}
