/**
 * Every sync run, newest first: type, job, integration, start/end, received record events against Knit's
 * emitted/consumed as a progress bar, duration, status and what is still awaited in words.
 */
import type { RunSummary } from '../../../shared/api/types';
import { IdText } from '../../components/IdText';
import { ProgressBar } from '../../components/ProgressBar';
import { TimeText } from '../../components/TimeText';
import { formatCount, formatDuration } from '../../model/format';
import { runProgress } from '../../model/run-progress';
import { navigate } from '../../state/navigation';
import { useCompanion } from '../../state/use-companion';
import { ReplayControl } from '../forwarding/ReplayControl';

const COUNT_TYPES = ['record.new', 'record.modified', 'record.deleted'] as const;

function RunRow({ run }: { run: RunSummary }) {
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
      <td>
        <TimeText iso={run.startedAt ?? run.firstEventAt} withDate />
        <div className="muted">
          → <TimeText iso={run.completedAt ?? run.processedAt} withDate />
        </div>
      </td>
      <td>
        {COUNT_TYPES.filter((t) => run.counts[t]).map((t) => (
          <div key={t}>
            <span className={`type ${t.slice(7)}`}>{t.slice(7)}</span> {formatCount(run.counts[t] ?? 0)}
          </div>
        ))}
        {p.received === 0 && <span className="muted">none yet</span>}
      </td>
      <td style={{ minWidth: 200 }}>
        <ProgressBar fraction={p.fraction} label={`Run ${run.syncRunId} progress`} />
        <div className="muted" style={{ marginTop: 2 }}>
          {formatCount(p.received)} received · processed {run.processed ?? '?'} · emitted {run.emitted ?? '?'} · consumed {run.consumed ?? '?'}
        </div>
      </td>
      <td>{formatDuration(p.durationMs)}</td>
      <td>
        <strong className={run.status === 'completed' ? 'ok' : ''}>{run.status}</strong>
        {p.awaited && <div className="muted">{p.awaited}</div>}
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
              <th>start → end</th>
              <th>received</th>
              <th>progress vs Knit</th>
              <th>duration</th>
              <th>status</th>
              <th>
                <span className="muted">open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((r) => (
              <RunRow key={r.syncRunId} run={r} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
