/** Setup: environments and keys, connecting an HR system, integrations, and the sync itself. */
import { ConnectSection } from './ConnectSection';
import { EnvironmentSection } from './EnvironmentSection';
import { IntegrationsSection } from './IntegrationsSection';
import { SyncSection } from './SyncSection';

export function SetupScreen() {
  return (
    <div className="screen-scroll">
      <EnvironmentSection />
      <ConnectSection />
      <IntegrationsSection />
      <SyncSection />
    </div>
  );
}
