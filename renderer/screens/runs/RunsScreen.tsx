/**
 * Every sync run, newest first: type, job, integration, start/end (compact local times) and duration, received
 * record events, and its status with what is still awaited in words above a progress bar against Knit's
 * emitted/consumed, so the table fits from 1024 px.
 */
import type { RejectedDelivery, RunSummary } from '../../../shared/api/types';
import { IdText } from '../../components/IdText';
import { ProgressBar } from '../../components/ProgressBar';
import { TimeText } from '../../components/TimeText';
import { formatCount, formatDuration } from '../../model/format';
import { runProgress } from '../../model/run-progress';
import { navigate } from '../../state/navigation';
import { useCompanion } from '../../state/use-companion';
import { ReplayControl } from '../forwarding/ReplayControl';

const COUNT_TYPES = ['record.new', 'record.modified', 'record.deleted'] as const;

/** Kept refused deliveries per syncRunId their body claims (unverified), and in all. */
function refusedByRun(rejected: readonly RejectedDelivery[]): { byRun: Map<string, number>; total: number } {
  const byRun = new Map<string, number>();
  let total = 0;
  for (const r of rejected) {
    if (r.fullBody !== 'kept') continue;
    total++;
    if (r.syncRunId) byRun.set(r.syncRunId, (byRun.get(r.syncRunId) ?? 0) + 1);
  }
  return { byRun, total };
}

const refusedLabel = (n: number): string => `${formatCount(n)} ${n === 1 ? 'delivery' : 'deliveries'} refused — check again with current keys`;

/** The refused deliveries that name a run: a line under it, and a link to the Rejected screen's check again. */
function RefusedNote({ count }: { count: number }) {
  return (
    <div className="warning-text" role="note">
      <button type="button" className="btn small" onClick={() => navigate('rejected')}>
        {refusedLabel(count)}
      </button>
    </div>
  );
}

function RunRow({ run, refused }: { run: RunSummary; refused: number }) {
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
        {refused > 0 && <RefusedNote count={refused} />}
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
  const rejected = useCompanion((s) => s.rejected);
  const refused = refusedByRun(rejected);
  const unnamed = refused.total - [...refused.byRun.entries()].filter(([id]) => runs.some((r) => r.syncRunId === id)).reduce((sum, [, n]) => sum + n, 0);
  const loading = useCompanion((s) => s.loading);
  const ordered = [...runs].sort((a, b) => (b.startedAt ?? b.firstEventAt).localeCompare(a.startedAt ?? a.firstEventAt));
  return (
    <div className="screen-scroll">
      <h2 style={{ marginBottom: 8 }}>Sync runs</h2>
      {unnamed > 0 && <RefusedNote count={unnamed} />}
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
              <RunRow key={r.syncRunId} run={r} refused={refused.byRun.get(r.syncRunId) ?? 0} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
