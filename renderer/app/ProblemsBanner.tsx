/** Store problems (status.problems) and load failures as a banner; problems are dismissed on the Companion. */
import { useState } from 'react';
import { useApi, useCompanion, useStore } from '../state/use-companion';

const NONE: never[] = [];

export function ProblemsBanner() {
  const api = useApi();
  const store = useStore();
  const problems = useCompanion((s) => s.status?.problems ?? NONE);
  const loadError = useCompanion((s) => s.loadError);
  const [error, setError] = useState<string | null>(null);
  return (
    <div role="region" aria-label="Problems">
      {loadError && (
        <div className="banner" role="alert">
          <span className="grow">{loadError}</span>
          <button type="button" className="btn small" onClick={() => void store.reload()}>
            Retry
          </button>
        </div>
      )}
      {problems.map((p) => (
        <div className="banner" key={p.id} role="alert">
          <span className="grow">
            <strong>Stored data problem ({p.kind}):</strong> {p.message}
            {p.setAsidePath && (
              <>
                {' '}
                Moved aside to <span className="mono">{p.setAsidePath}</span>.
              </>
            )}
          </span>
          <button
            type="button"
            className="btn small"
            onClick={() =>
              api.dismissProblem({ id: p.id }).then(
                () => setError(null),
                (e: Error) => setError(e.message),
              )
            }
          >
            Dismiss
          </button>
        </div>
      ))}
      {error && <div className="banner">{error}</div>}
    </div>
  );
}
