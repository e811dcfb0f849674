/** The page: connection bar, problems, left nav and the current screen inside its own error boundary. */
import type { ReactNode } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { EmployeesScreen } from '../screens/employees/EmployeesScreen';
import { EventsScreen } from '../screens/events/EventsScreen';
import { RejectedScreen } from '../screens/rejected/RejectedScreen';
import { RunsScreen } from '../screens/runs/RunsScreen';
import { SettingsScreen } from '../screens/settings/SettingsScreen';
import { SetupScreen } from '../screens/setup/SetupScreen';
import { useScreen, type Screen } from '../state/navigation';
import { ConnectionBar } from './ConnectionBar';
import { Nav } from './Nav';
import { ProblemsBanner } from './ProblemsBanner';

const SCREEN_VIEWS: Record<Screen, { title: string; View: () => ReactNode }> = {
  events: { title: 'The Events screen', View: EventsScreen },
  runs: { title: 'The Runs screen', View: RunsScreen },
  employees: { title: 'The Employees screen', View: EmployeesScreen },
  rejected: { title: 'The Rejected screen', View: RejectedScreen },
  setup: { title: 'The Setup screen', View: SetupScreen },
  settings: { title: 'The Settings screen', View: SettingsScreen },
};

export function App() {
  const screen = useScreen();
  const { title, View } = SCREEN_VIEWS[screen];
  return (
    <div className="app">
      <ErrorBoundary what="The connection bar">
        <ConnectionBar />
      </ErrorBoundary>
      <ProblemsBanner />
      <div className="main">
        <Nav current={screen} />
        <main className="screen" aria-label={title.replace(/^The /, '')}>
          <ErrorBoundary key={screen} what={title}>
            <View />
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}
