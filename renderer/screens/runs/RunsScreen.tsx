/**
 * Every sync run, newest first: type, job, integration, start/end (compact local times) and duration, received
 * record events, and its status with what is still awaited in words above a progress bar against Knit's
 * emitted/consumed and, once any event was redelivered, how many deliveries the run took; the table fits from
 * 1024 px.
 */
import type { RunSummary } from '../../../shared/api/types';
import { IdText } from '../../components/IdText';
import { ProgressBar } from '../../components/ProgressBar';
import { TimeText } from '../../components/TimeText';
import { formatCount, formatDuration } from '../../model/format';
import { runProgress } from '../../model/run-progress';
import { runDeliveries } from '../../model/run-deliveries';
import { useMemo } from 'react';
import { navigate } from '../../state/navigation';
import { useCompanion } from '../../state/use-companion';
import { ReplayControl } from '../forwarding/ReplayControl';

const COUNT_TYPES = ['record.new', 'record.modified', 'record.deleted'] as const;

function RunRow({ run, deliveries }: { run: RunSummary; deliveries: { events: number; deliveries: number } | undefined }) {
  const p = runProgress(run);
  return (
    <tr>
      <td>
        <IdText value={run.syncRunId} max={16} />
        <div className="muted">{run.syncType ?? '—'}</div>
      </td>
      <td>
        <IdText value={run.syncJobId} max={14} />
        <div>
          <IdText value={run.integrationId} max={14} copy={false} />
        </div>
      </td>
      <td className="nowrap">
        <TimeText iso={run.startedAt ?? run.firstEventAt} compact />
        <div className="muted">
          → <TimeText iso={run.completedAt ?? run.processedAt} compact /> · {formatDuration(p.durationMs)}
        </div>
      </td>
      <td>
        {COUNT_TYPES.filter((t) => run.counts[t]).map((t) => (
          <div key={t} className="nowrap">
            <span className={`type ${t.slice(7)}`}>{t.slice(7)}</span> {formatCount(run.counts[t] ?? 0)}
          </div>
        ))}
        {p.received === 0 && <span className="muted">none yet</span>}
      </td>
      <td style={{ minWidth: 160 }}>
        <div>
          <strong className={run.status === 'completed' ? 'ok' : ''}>{run.status}</strong>
          {p.awaited && <span className="muted"> · {p.awaited}</span>}
        </div>
        <ProgressBar fraction={p.fraction} label={`Run ${run.syncRunId} progress`} />
        <div className="muted" style={{ marginTop: 2 }}>
          {formatCount(p.received)} received · processed {run.processed ?? '?'} · emitted {run.emitted ?? '?'} · consumed {run.consumed ?? '?'}
        </div>
        {deliveries && deliveries.deliveries > deliveries.events && (
          <div className="muted">
            {formatCount(deliveries.deliveries)} deliveries for {formatCount(deliveries.events)} events ({formatCount(deliveries.deliveries - deliveries.events)} redelivered)
          </div>
        )}
      </td>
      <td>
        <button type="button" className="btn small" onClick={() => navigate('events', { syncRunId: run.syncRunId })}>
          Events
        </button>
        <ReplayControl syncRunId={run.syncRunId} label="Replay run" />
      </td>
    </tr>
  );
}

export function RunsScreen() {
  const runs = useCompanion((s) => s.runs);
  const loading = useCompanion((s) => s.loading);
  const events = useCompanion((s) => s.events);
  const deliveries = useMemo(() => runDeliveries(events.toArray()), [events]);
  const ordered = [...runs].sort((a, b) => (b.startedAt ?? b.firstEventAt).localeCompare(a.startedAt ?? a.firstEventAt));
  return (
    <div className="screen-scroll">
      <h2 style={{ marginBottom: 8 }}>Sync runs</h2>
      {ordered.length === 0 ? (
        <div className="empty">{loading ? 'Loading…' : 'No sync runs yet: a run appears with its first event. Start one in Setup.'}</div>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>run</th>
              <th>job / integration</th>
              <th>start → end · duration</th>
              <th>received</th>
              <th>status · progress vs Knit</th>
              <th>
                <span className="muted">open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((r) => (
              <RunRow key={r.syncRunId} run={r} deliveries={deliveries.get(r.syncRunId)} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
