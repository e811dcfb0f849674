/**
 * An event's forward, replay and pass-through attempts and answer-rule answers, newest first: when and why
 * (forward, retry, replay, re-signed, pass-through, answer), the URL, and the outcome (status or error, time
 * taken, the start of the answer).
 */
import type { ForwardAttempt } from '../../../shared/api/types';
import { TimeText } from '../../components/TimeText';
import { shortenMiddle } from '../../model/format';
import { useEventForwards } from './use-forwarding';

export function ForwardAttempts({ eventId, initial }: { eventId: string; initial: readonly ForwardAttempt[] }) {
  const attempts = useEventForwards(eventId, initial);
  return (
    <section aria-label="Forward attempts">
      <h3>Forwarded and answered</h3>
      {attempts.length === 0 ? (
        <p className="muted">Not forwarded: add a target in Settings → Forwarding, or replay it.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>time</th>
              <th>to</th>
              <th>answer</th>
            </tr>
          </thead>
          <tbody>
            {[...attempts].reverse().map((a) => (
              <AttemptRow key={a.id} attempt={a} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AttemptRow({ attempt: a }: { attempt: ForwardAttempt }) {
  return (
    <tr>
      <td>
        <TimeText iso={a.at} />
        <div className="muted">
          {a.kind}
          {a.attempt > 1 ? ` · try ${a.attempt}` : ''}
          {a.resignedWith ? ` · re-signed (${a.resignedWith})` : ''}
        </div>
      </td>
      <td className="mono" title={a.url}>
        {shortenMiddle(a.url, 34)}
      </td>
      <td>
        {a.ok ? <span className="ok">✓ {a.status}</span> : <span className="danger">{a.status ?? '✕'}</span>}
        {a.durationMs !== null && <span className="muted"> · {a.durationMs} ms</span>}
        {a.error && <div className="danger">{a.error}</div>}
        {!a.ok && !a.final && <div className="muted">will retry</div>}
        {a.responsePreview && (
          <div className="mono muted" title={a.responsePreview} style={{ maxWidth: 200, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {a.responsePreview}
          </div>
        )}
      </td>
    </tr>
  );
}
