/** Setup: environments and keys, integrations, and the sync itself. */
import { EnvironmentSection } from './EnvironmentSection';
import { IntegrationsSection } from './IntegrationsSection';
import { SyncSection } from './SyncSection';

export function SetupScreen() {
  return (
    <div className="screen-scroll">
      <EnvironmentSection />
      <IntegrationsSection />
      <SyncSection />
    </div>
  );
}
