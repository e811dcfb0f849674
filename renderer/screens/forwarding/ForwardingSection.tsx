/**
 * Settings → Forwarding: the user's own webhook handlers that every verified event is forwarded to (body
 * bytes and Knit's headers unchanged), each with an on/off switch and an optional event-type filter, and
 * their live figures (delivered, failed, dropped, waiting, last error). Targets added with
 * `knit-sync serve --forward-to` are shown read-only: they last for that run.
 */
import { useState } from 'react';
import type { ForwardTarget } from '../../../shared/api/types';
import { checkForwardUrl } from '../../model/forward-url';
import { useApi } from '../../state/use-companion';
import { useAction } from '../setup/use-action';
import { Composer } from './Composer';
import { HandlerCheck } from './HandlerCheck';
import { WorkbenchControls } from './WorkbenchControls';
import { useForwardTargets } from './use-forwarding';

/** `record.*, sync.events.processed` → ['record.*', 'sync.events.processed']. */
const filterOf = (text: string): string[] =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

export function ForwardingSection() {
  const api = useApi();
  const [targets, setTargets] = useForwardTargets();
  const action = useAction();
  const [url, setUrl] = useState('');
  const [filter, setFilter] = useState('');
  const [urlProblem, setUrlProblem] = useState<string | null>(null);
  const [urlNote, setUrlNote] = useState<string | null>(null);
  const saved = targets?.filter((t) => !t.session) ?? [];

  const save = (next: Array<Pick<ForwardTarget, 'url' | 'enabled' | 'eventTypes'> & { id?: string }>): Promise<boolean> =>
    action.run(async () =>
      setTargets(await api.saveForwardTargets({ targets: next.map(({ id, url: u, enabled, eventTypes }) => ({ id, url: u, enabled, eventTypes })) })),
    );
  const change = (id: string, patch: Partial<ForwardTarget>): void => void save(saved.map((t) => (t.id === id ? { ...t, ...patch } : t)));

  return (
    <section className="form-section" aria-labelledby="forwarding-title">
      <h2 id="forwarding-title">Forwarding</h2>
      <p className="hint">
        Every verified event is also sent to these URLs, after it is stored, with the body bytes and Knit's headers unchanged, so your handler's signature check
        runs as in production. Failures are retried with backoff.
      </p>
      {targets === null ? (
        <p className="muted">Loading…</p>
      ) : targets.length === 0 ? (
        <p className="muted">No forward targets.</p>
      ) : (
        <table className="data" aria-label="Forward targets">
          <thead>
            <tr>
              <th>on</th>
              <th>URL</th>
              <th>event types</th>
              <th>delivered · failed · dropped · waiting</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {targets.map((t) => (
              <tr key={t.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Forward to ${t.url}`}
                    checked={t.enabled}
                    disabled={t.session || action.busy}
                    onChange={(e) => change(t.id, { enabled: e.target.checked })}
                  />
                </td>
                <td className="mono url">
                  {t.url}
                  {t.session && <div className="muted">this run only (--forward-to)</div>}
                  {t.lastError && <div className="warning-text">{t.lastError}</div>}
                </td>
                <td>
                  {t.session ? (
                    <span className="muted">all</span>
                  ) : (
                    <input
                      type="text"
                      aria-label={`Event types forwarded to ${t.url}`}
                      defaultValue={t.eventTypes.join(', ')}
                      placeholder="all (or record.*, sync.events.processed)"
                      onBlur={(e) => {
                        const next = filterOf(e.target.value);
                        if (next.join(',') !== t.eventTypes.join(',')) change(t.id, { eventTypes: next });
                      }}
                      style={{ width: 220 }}
                    />
                  )}
                </td>
                <td>
                  {t.delivered} · {t.failed} · {t.dropped} · {t.queued}
                </td>
                <td>
                  {!t.session && (
                    <button type="button" className="btn small danger" disabled={action.busy} onClick={() => void save(saved.filter((s) => s.id !== t.id))}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="actions"
        onSubmit={(e) => {
          e.preventDefault();
          const checked = checkForwardUrl(url);
          setUrlNote(null);
          setUrlProblem(checked.ok ? null : checked.error);
          if (!checked.ok) return;
          void save([...saved, { url: checked.url, enabled: true, eventTypes: filterOf(filter) }]).then((ok) => {
            if (ok) {
              setUrl('');
              setFilter('');
              setUrlNote(checked.note);
            }
          });
        }}
      >
        <label htmlFor="forward-url">Add</label>
        <input
          id="forward-url"
          type="text"
          inputMode="url"
          aria-invalid={urlProblem !== null}
          aria-describedby={urlProblem ? 'forward-url-problem' : undefined}
          value={url}
          onChange={(e) => {
            setUrl(e.target.value);
            setUrlProblem(null);
          }}
          placeholder="http://localhost:3000/knithook"
          style={{ width: 300 }}
        />
        <input
          type="text"
          aria-label="Event types (optional)"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="event types (optional)"
          style={{ width: 200 }}
        />
        <button type="submit" className="btn small primary" disabled={!url.trim() || action.busy}>
          Add target
        </button>
      </form>
      {urlProblem && (
        <div id="forward-url-problem" className="inline-error" role="alert">
          {urlProblem}
        </div>
      )}
      {urlNote && (
        <p className="muted" role="status">
          {urlNote}
        </p>
      )}
      {action.error && <div className="inline-error">{action.error}</div>}
      {targets && <WorkbenchControls targets={targets} onTargets={setTargets} />}
      {targets && <HandlerCheck targets={targets} />}
      {targets && <Composer targets={targets} />}
    </section>
  );
}
