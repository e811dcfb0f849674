/** Setup: environments and keys, connecting an HR system, integrations, and the sync itself; in the demo, the emulator's scenarios. */
import { ConnectSection } from './ConnectSection';
import { EnvironmentSection } from './EnvironmentSection';
import { IntegrationsSection } from './IntegrationsSection';
import { ScenarioSection } from './ScenarioSection';
import { SyncSection } from './SyncSection';

export function SetupScreen() {
  return (
    <div className="screen-scroll">
      <EnvironmentSection />
      <ConnectSection />
      <IntegrationsSection />
      <ScenarioSection />
      <SyncSection />
    </div>
  );
}
