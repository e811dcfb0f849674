/**
 * Every sync run, newest first: type, job, integration, start/end (compact local times) and duration, received
 * record events, and its status with what is still awaited in words above a progress bar against Knit's
 * emitted/consumed and, once any event was redelivered, how many deliveries the run took; the table fits from
 * 1024 px. A run that cannot finish says so (interrupted, superseded, stalled: shared/api/run-state.ts); the
 * list can be scoped to one integration, whose label is shown.
 */
import { useMemo, useState } from 'react';
import { runState, RUN_STATE_SENTENCES, type RunState } from '../../../shared/api/run-state';
import type { RejectedDelivery, RunSummary } from '../../../shared/api/types';
import { IntegrationScope, useIntegrationOptions } from '../../components/IntegrationScope';
import { IdText } from '../../components/IdText';
import { ProgressBar } from '../../components/ProgressBar';
import { TimeText } from '../../components/TimeText';
import { formatCount, formatDuration } from '../../model/format';
import { runProgress } from '../../model/run-progress';
import { runDeliveries } from '../../model/run-deliveries';
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

function RunRow({
  run,
  refused,
  state,
  label,
  deliveries,
}: {
  run: RunSummary;
  refused: number;
  state: RunState;
  label: string;
  deliveries: { events: number; deliveries: number } | undefined;
}) {
  const p = runProgress(run);
  const why = RUN_STATE_SENTENCES[state];
  return (
    <tr>
      <td>
        <IdText value={run.syncRunId} max={16} />
        <div className="muted">{run.syncType ?? '—'}</div>
      </td>
      <td>
        <IdText value={run.syncJobId} max={14} />
        <div>
          {label && <span>{label} </span>}
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
          <strong className={state === 'completed' ? 'ok' : why ? 'warn-text' : ''}>{state}</strong>
          {why ? <span className="muted"> · {why}</span> : p.awaited && <span className="muted"> · {p.awaited}</span>}
        </div>
        <ProgressBar fraction={p.fraction} label={`Run ${run.syncRunId} progress`} />
        <div className="muted" style={{ marginTop: 2 }}>
          {formatCount(p.received)} received · processed {run.processed ?? '?'} · emitted {run.emitted ?? '?'} · consumed {run.consumed ?? '?'}
        </div>
        {refused > 0 && <RefusedNote count={refused} />}
        {deliveries && deliveries.deliveries > deliveries.events && (
          <div className="muted">
            {formatCount(deliveries.deliveries)} deliveries for {formatCount(deliveries.events)} events (
            {formatCount(deliveries.deliveries - deliveries.events)} redelivered)
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
  const rejected = useCompanion((s) => s.rejected);
  const refused = refusedByRun(rejected);
  const unnamed = refused.total - [...refused.byRun.entries()].filter(([id]) => runs.some((r) => r.syncRunId === id)).reduce((sum, [, n]) => sum + n, 0);
  const loading = useCompanion((s) => s.loading);
  const startedAt = useCompanion((s) => s.status?.startedAt ?? null);
  const options = useIntegrationOptions();
  const labels = new Map(options.map((o) => [o.integrationId, o.label]));
  const [scope, setScope] = useState<string | null>(null);
  const now = Date.now();
  const ordered = runs
    .filter((r) => scope === null || r.integrationId === scope)
    .sort((a, b) => (b.startedAt ?? b.firstEventAt).localeCompare(a.startedAt ?? a.firstEventAt));
  const events = useCompanion((s) => s.events);
  const deliveries = useMemo(() => runDeliveries(events.toArray()), [events]);
  return (
    <div className="screen-scroll">
      <div className="toolbar" style={{ padding: 0, marginBottom: 8 }}>
        <h2 style={{ margin: 0 }}>Sync runs</h2>
        <span className="grow" />
        <IntegrationScope id="runs-integration" value={scope} onChange={setScope} options={options} />
      </div>
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
              <RunRow
                key={r.syncRunId}
                run={r}
                refused={refused.byRun.get(r.syncRunId) ?? 0}
                state={runState(r, runs, now, startedAt)}
                label={r.integrationId ? (labels.get(r.integrationId) ?? '') : ''}
                deliveries={deliveries.get(r.syncRunId)}
              />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
