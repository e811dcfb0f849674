/**
 * Settings → Forwarding → "Compose and send": start from a template of any event type or from a stored event,
 * edit the JSON, sign it with an environment's key and send it to the listener, a forward target or any URL;
 * the answer shows like a replay's (status, time, the start of the answer).
 */
import { useId, useState } from 'react';
import type { ForwardTarget } from '../../../shared/api/types';
import type { ComposedSendResult } from '../../../shared/api/workbench';
import { KNIT_EVENT_TYPES } from '../../../shared/knit/events';
import { useApi, useCompanion } from '../../state/use-companion';
import { SigningKeySelect, useSigningEnvironment } from './SigningKeySelect';
import { useAction } from '../setup/use-action';

export function Composer({ targets }: { targets: ForwardTarget[] }) {
  const api = useApi();
  const id = useId();
  const action = useAction();
  /** Starting from a template or a stored event: its error shows under those fields, not under the send form. */
  const loading = useAction();
  const signing = useSigningEnvironment();
  const listener = useCompanion((s) => s.status?.listener.url) ?? '';
  const [eventType, setEventType] = useState<string>(KNIT_EVENT_TYPES[0]);
  const [fromEventId, setFromEventId] = useState('');
  const [body, setBody] = useState('');
  const [to, setTo] = useState('');
  const [result, setResult] = useState<ComposedSendResult | null>(null);
  const env = signing.environment;
  const url = to || listener;
  const jsonProblem = body.trim() === '' ? null : parseProblem(body);

  const load = (input: { eventType: string } | { fromEventId: string }): void =>
    void loading.run(async () => {
      setResult(null);
      setBody((await api.composeEvent(input)).body);
    });
  const send = (): void =>
    void action.run(async () => {
      setResult(await api.deliverComposed({ body, environment: env, to: url }));
    });

  return (
    <section aria-label="Compose and send">
      <h3>Compose and send</h3>
      <div className="actions">
        <label htmlFor={`${id}-type`}>template</label>
        <input id={`${id}-type`} type="text" list={`${id}-types`} value={eventType} onChange={(e) => setEventType(e.target.value)} style={{ width: 200 }} />
        <datalist id={`${id}-types`}>
          {[...KNIT_EVENT_TYPES, 'sync.heartbeat', 'sync.failed'].map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <button type="button" className="btn small" disabled={!eventType.trim() || loading.busy} onClick={() => load({ eventType: eventType.trim() })}>
          Start from template
        </button>
        <label htmlFor={`${id}-from`}>or stored event</label>
        <input
          id={`${id}-from`}
          type="text"
          value={fromEventId}
          placeholder="eventId"
          onChange={(e) => setFromEventId(e.target.value)}
          style={{ width: 200 }}
        />
        <button type="button" className="btn small" disabled={!fromEventId.trim() || loading.busy} onClick={() => load({ fromEventId: fromEventId.trim() })}>
          Start from event
        </button>
      </div>
      {loading.error && (
        <div className="inline-error" role="alert">
          {loading.error}
        </div>
      )}
      {body !== '' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <textarea
            aria-label="Event body"
            className="mono"
            rows={14}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            style={{ width: '100%' }}
            spellCheck={false}
          />
          {jsonProblem && <div className="warning-text">Not valid JSON ({jsonProblem}): it is sent as typed all the same.</div>}
          <div className="actions">
            <SigningKeySelect id={`${id}-env`} signing={signing} />
            <label htmlFor={`${id}-to`}>to</label>
            <input id={`${id}-to`} type="url" required value={url} list={`${id}-targets`} onChange={(e) => setTo(e.target.value)} style={{ width: 280 }} />
            <datalist id={`${id}-targets`}>
              {[listener, ...targets.map((t) => t.url)].filter(Boolean).map((u) => (
                <option key={u} value={u} />
              ))}
            </datalist>
            <button type="submit" className="btn small primary" disabled={!env || !url || action.busy}>
              Sign and send
            </button>
          </div>
        </form>
      )}
      {result && (
        <p role="status">
          <span className={result.ok ? 'ok' : 'danger'}>{result.status ?? '✕'}</span>{' '}
          <span className="muted">
            · {result.durationMs} ms · {result.to}
          </span>
          {result.error && <span className="danger"> · {result.error}</span>}
          {result.responsePreview && <span className="mono muted"> · {result.responsePreview.slice(0, 200)}</span>}
        </p>
      )}
      {action.error && <div className="inline-error">{action.error}</div>}
    </section>
  );
}

function parseProblem(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
