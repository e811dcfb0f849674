/**
 * The rejected log, newest first: time, status, reason code and its sentence, the specific diagnosis,
 * remote address, headers and preview, and for signature problems what to check to fix them.
 */
import { useState } from 'react';
import { REJECTION_REASONS } from '../../../shared/api/rejections';
import type { RejectedDelivery } from '../../../shared/api/types';
import { SplitPane } from '../../components/SplitPane';
import { TimeText } from '../../components/TimeText';
import { formatCount } from '../../model/format';
import { signatureHint } from '../../model/rejection-hint';
import { useCompanion } from '../../state/use-companion';
import { CheckAgain } from './CheckAgain';

function RejectedDetail({ r }: { r: RejectedDelivery }) {
  const hint = signatureHint(r);
  return (
    <section aria-label="Rejected request detail" className="detail-body">
      <h3 style={{ marginTop: 0 }}>
        {r.status} · <span className="mono">{r.reason}</span>
      </h3>
      <p>{REJECTION_REASONS[r.reason]?.sentence ?? r.reason}</p>
      {r.detail !== REJECTION_REASONS[r.reason]?.sentence && (
        <p>
          <strong>This request:</strong> {r.detail}
        </p>
      )}
      {hint && (
        <div className="warning-text" role="note">
          <strong>How to fix:</strong> {hint}
        </div>
      )}
      <h3>Request</h3>
      <dl className="kv">
        <dt>received</dt>
        <dd>
          <TimeText iso={r.receivedAt} withDate />
        </dd>
        <dt>from</dt>
        <dd className="mono">{r.remoteAddress ?? 'unknown'}</dd>
        <dt>body</dt>
        <dd>
          {formatCount(r.bodySize)} bytes
          {r.fullBody === 'kept' && ' · kept in full: checked again with current keys on request'}
          {r.fullBody === 'dropped' && ' · no longer kept (the oldest bodies go past 64 MB)'}
        </dd>
      </dl>
      <h3>Headers</h3>
      <dl className="kv mono">
        {Object.entries(r.headers).map(([k, v]) => (
          <KV key={k} k={k} v={v} />
        ))}
      </dl>
      <h3>Body preview</h3>
      <pre className="raw">{r.preview || '(empty)'}</pre>
    </section>
  );
}

function KV({ k, v }: { k: string; v: string }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{v}</dd>
    </>
  );
}

export function RejectedScreen() {
  const rejected = useCompanion((s) => s.rejected);
  const [selected, setSelected] = useState<number | null>(null);
  const ordered = [...rejected].reverse();
  const current = rejected.find((r) => r.id === selected) ?? null;
  const list = (
    <div className="viewport">
      <CheckAgain rejected={rejected} />
      {ordered.length === 0 ? (
        <div className="empty">Nothing rejected: every request so far was a verified Knit event.</div>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>time</th>
              <th>status</th>
              <th>reason</th>
              <th>from</th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((r) => (
              <tr
                key={r.id}
                className="clickable"
                aria-selected={r.id === selected}
                tabIndex={0}
                onClick={() => setSelected(r.id)}
                onKeyDown={(e) => e.key === 'Enter' && setSelected(r.id)}
              >
                <td>
                  <TimeText iso={r.receivedAt} />
                </td>
                <td>{r.status}</td>
                <td>
                  <span className="mono">{r.reason}</span>
                  <div className="muted">{REJECTION_REASONS[r.reason]?.sentence ?? r.detail}</div>
                </td>
                <td className="mono">{r.remoteAddress ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
  return <SplitPane list={list} detail={current ? <RejectedDetail r={current} /> : null} />;
}
