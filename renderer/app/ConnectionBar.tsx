/** The always-visible bar, one line from 1024 px: listener, public URL and tunnel state, environment, counts, the run in flight. */
import type { TunnelState } from '../../shared/api/types';
import { CopyButton } from '../components/CopyButton';
import { IdText } from '../components/IdText';
import { ProgressBar } from '../components/ProgressBar';
import { formatCount } from '../model/format';
import { runProgress } from '../model/run-progress';
import { inFlight, runState } from '../../shared/api/run-state';
import { useLinkState } from '../state/link-state';
import type { LinkState } from '../transport';
import { navigate } from '../state/navigation';
import { useCompanion } from '../state/use-companion';

const LINK_TEXT: Record<Exclude<LinkState, 'online'>, string> = {
  connecting: 'connecting to the Companion…',
  reconnecting: 'connection lost, reconnecting…',
  restarted: 'serve was restarted: open the new ui link it printed',
};

const TUNNEL_DOT: Record<TunnelState, string> = { off: '', connecting: 'warn', online: 'on', reconnecting: 'warn', offline: 'err', error: 'err' };

export function ConnectionBar() {
  const status = useCompanion((s) => s.status);
  const settings = useCompanion((s) => s.settings);
  const runs = useCompanion((s) => s.runs);
  const link = useLinkState();
  const startedAt = useCompanion((s) => s.status?.startedAt ?? null);
  // Only a run in flight: one that cannot finish (interrupted, superseded, stalled) shows on Runs, not here.
  const now = Date.now();
  const active = [...runs].reverse().find((r) => inFlight(runState(r, runs, now, startedAt))) ?? null;
  const progress = active ? runProgress(active) : null;
  const tunnel = status?.tunnel;
  return (
    <header className="connbar" aria-label="Connection">
      <span className="brand">Knit Sync Companion</span>
      {settings && (
        <span className="env-tag" title="Active environment">
          {settings.activeEnvironment}
        </span>
      )}
      <span className="item shrinks" title={status?.listener.error ?? 'Local listener'}>
        <span className={`dot ${status?.listener.state === 'listening' ? 'on' : status?.listener.state === 'error' ? 'err' : 'warn'}`} />
        <span className="muted">listener</span>
        <span className="mono url" title={status?.listener.url ?? undefined}>
          {status?.listener.url?.replace(/^https?:\/\//, '') ?? status?.listener.error ?? '…'}
        </span>
      </span>
      <span className="item shrinks">
        <span className={`dot ${tunnel ? TUNNEL_DOT[tunnel.state] : ''}`} />
        <span className="muted">{tunnel?.mode === 'manual' ? 'public URL' : tunnel?.state === 'off' ? 'destination (no tunnel)' : 'tunnel'}</span>
        {status?.destination ? (
          <>
            <span className="mono url" title={status.destination}>
              {status.destination.replace(/^https?:\/\//, '')}
            </span>
            <CopyButton value={status.destination} label="Copy the destination URL" />
          </>
        ) : (
          <span>{tunnel?.state ?? '…'}</span>
        )}
        {tunnel?.error && (
          <span className="danger clip" role="status" title={`${tunnel.error.code ? `${tunnel.error.code}: ` : ''}${tunnel.error.message}`}>
            {tunnel.error.code ? `${tunnel.error.code}: ` : ''}
            {tunnel.error.message}
          </span>
        )}
      </span>
      <span className="spacer" />
      {progress && active && (
        <button type="button" className="item icon-btn" style={{ color: 'inherit' }} onClick={() => navigate('runs')} title={progress.awaited ?? ''}>
          <span className="muted">run</span> <IdText value={active.syncRunId} max={12} copy={false} />
          <span>
            {formatCount(progress.received)}
            {progress.target !== null && `/${formatCount(progress.target)}`}
          </span>
          <ProgressBar fraction={progress.fraction} label="Active run progress" />
        </button>
      )}
      <span className="item">
        <strong>{formatCount(status?.counts.received ?? 0)}</strong> received
      </span>
      <button type="button" className="item icon-btn" style={{ color: 'inherit', fontSize: 'inherit' }} onClick={() => navigate('rejected')}>
        <strong>{formatCount(status?.counts.rejected ?? 0)}</strong> rejected
      </button>
      {link !== 'online' && (
        <span className="item shrinks warning-text clip" role="status" style={{ marginTop: 0 }} title={LINK_TEXT[link]}>
          {LINK_TEXT[link]}
        </span>
      )}
    </header>
  );
}
