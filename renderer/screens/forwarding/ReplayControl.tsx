/**
 * "Replay": sends one event, several, or a whole run again to a forward target or any URL, with Knit's
 * original signature or re-signed with another environment's key; shows progress while it runs and the
 * result after (how many were answered 2xx, and each failure).
 */
import { useId, useMemo, useState } from 'react';
import type { ReplayResult } from '../../../shared/api/types';
import { useApi, useCompanion } from '../../state/use-companion';
import { useForwardTargets, useReplayJobs } from './use-forwarding';

interface ReplayProps {
  eventIds?: string[];
  syncRunId?: string;
  label?: string;
}

/** A "Replay…" button that opens the form (which only then loads targets and follows replay progress). */
export function ReplayControl(props: ReplayProps) {
  const [open, setOpen] = useState(false);
  const label = props.label ?? 'Replay';
  return open ? (
    <ReplayForm {...props} label={label} onClose={() => setOpen(false)} />
  ) : (
    <button type="button" className="btn small" onClick={() => setOpen(true)}>
      {label}…
    </button>
  );
}

function ReplayForm({ eventIds, syncRunId, label, onClose }: ReplayProps & { label: string; onClose: () => void }) {
  const api = useApi();
  const id = useId();
  const [targets] = useForwardTargets();
  const environments = useCompanion((s) => s.status?.environments);
  const jobs = useReplayJobs();
  const [to, setTo] = useState('');
  const [resign, setResign] = useState('');
  const [startedAt, setStartedAt] = useState<string | null>(null);
  const [result, setResult] = useState<ReplayResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const url = to || targets?.find((t) => t.enabled)?.url || '';
  const running = useMemo(
    () => (startedAt ? [...jobs.values()].find((j) => j.state === 'running' && j.to === url && j.startedAt >= startedAt) : undefined),
    [jobs, startedAt, url],
  );

  const replay = (): void => {
    setError(null);
    setResult(null);
    setStartedAt(new Date(Date.now() - 1_000).toISOString());
    api
      .replay({ to: url, ...(syncRunId ? { syncRunId } : { eventIds }), ...(resign && { resignWithEnvironment: resign }) })
      .then(setResult, (e: Error) => setError(e.message))
      .finally(() => setStartedAt(null));
  };
  return (
    <form
      className="actions"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        replay();
      }}
    >
      <label htmlFor={`${id}-to`}>to</label>
      <input
        id={`${id}-to`}
        type="url"
        required
        value={url}
        list={`${id}-targets`}
        placeholder="http://localhost:3000/knithook"
        onChange={(e) => setTo(e.target.value)}
        style={{ width: 260 }}
      />
      <datalist id={`${id}-targets`}>
        {targets?.map((t) => (
          <option key={t.id} value={t.url} />
        ))}
      </datalist>
      <label htmlFor={`${id}-sig`}>signature</label>
      <select id={`${id}-sig`} value={resign} onChange={(e) => setResign(e.target.value)}>
        <option value="">Knit's original</option>
        {environments
          ?.filter((env) => env.keySet)
          .map((env) => (
            <option key={env.name} value={env.name}>
              re-signed with the {env.name} key
            </option>
          ))}
      </select>
      <button type="submit" className="btn small primary" disabled={!url || startedAt !== null}>
        {startedAt !== null ? 'Replaying…' : label}
      </button>
      <button type="button" className="btn small" onClick={onClose}>
        Close
      </button>
      {running && (
        <span role="status" className="muted">
          {running.sent} of {running.total} sent · {running.ok} answered 2xx
        </span>
      )}
      {result && (
        <div role="status" style={{ flexBasis: '100%' }}>
          <span className={result.failed === 0 ? 'ok' : 'danger'}>
            {result.ok} of {result.sent} answered 2xx
          </span>
          {result.failed > 0 && (
            <ul>
              {result.attempts
                .filter((a) => !a.ok)
                .slice(0, 20)
                .map((a) => (
                  <li key={a.id}>
                    <span className="mono">{a.eventId}</span>: {a.error}
                  </li>
                ))}
            </ul>
          )}
        </div>
      )}
      {error && <div className="inline-error">{error}</div>}
    </form>
  );
}
