/** The left navigation; Rejected carries its count. */
import { formatCount } from '../model/format';
import { navigate, type Screen } from '../state/navigation';
import { useCompanion } from '../state/use-companion';

const LABELS: Record<Screen, string> = { events: 'Events', runs: 'Runs', employees: 'Employees', rejected: 'Rejected', setup: 'Setup', settings: 'Settings' };

export function Nav({ current }: { current: Screen }) {
  const rejected = useCompanion((s) => s.rejected.length);
  return (
    <nav className="nav" aria-label="Screens">
      {(Object.keys(LABELS) as Screen[]).map((screen) => (
        <button key={screen} type="button" aria-current={screen === current ? 'page' : undefined} onClick={() => navigate(screen)}>
          <span>{LABELS[screen]}</span>
          {screen === 'rejected' && rejected > 0 && <span className="badge">{formatCount(rejected)}</span>}
        </button>
      ))}
    </nav>
  );
}
