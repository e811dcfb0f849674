/**
 * The selected event: header (ids, times, verification, flags), then tabs Diff, Body, Headers, Raw. Body and
 * Raw are bounded (model/json-view.ts) whatever the event's size or depth; "Download body" saves it whole.
 */
import { useEffect, useState } from 'react';
import type { EventDetail, EventSummary } from '../../../shared/api/types';
import { IdText } from '../../components/IdText';
import { JsonTree } from '../../components/JsonTree';
import { saveExport } from '../../components/save-export';
import { boundedText, RAW_VIEW_CHARS } from '../../model/json-view';
import { Tabs } from '../../components/Tabs';
import { TimeText } from '../../components/TimeText';
import { TypeLabel } from '../../components/TypeLabel';
import { useApi } from '../../state/use-companion';
import { ForwardAttempts } from '../forwarding/ForwardAttempts';
import { ReplayControl } from '../forwarding/ReplayControl';
import { DiffView } from './DiffView';
import { Activation, AutoStart } from '../setup/ConnectedIntegrations';

type Tab = 'Diff' | 'Body' | 'Headers' | 'Raw';

export function EventDetailPane({ eventId, summary, onClose }: { eventId: string; summary: EventSummary | null; onClose: () => void }) {
  const api = useApi();
  const [detail, setDetail] = useState<EventDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab | null>(null);
  const retries = summary?.retries;

  useEffect(() => {
    let live = true;
    setError(null);
    api.getEvent({ eventId }).then(
      (d) => {
        if (!live) return;
        setDetail(d);
        if (!d) setError('This event is no longer stored (purged?).');
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, eventId, retries]);

  const e = detail?.eventId === eventId ? detail : null;
  const tabs: Tab[] = e?.eventType === 'record.modified' ? ['Diff', 'Body', 'Headers', 'Raw'] : ['Body', 'Headers', 'Raw'];
  const current = tab && tabs.includes(tab) ? tab : tabs[0]!;

  return (
    <section aria-label="Event detail" style={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1 }}>
      <div className="detail-head">
        {/* One line whatever the pane's width: the type and the id shorten, the close button stays on it. */}
        <div className="row title-row">
          {summary && <TypeLabel category={summary.category} eventType={summary.eventType} />}
          <strong title={summary?.eventType}>{summary?.eventType ?? ''}</strong>
          <IdText value={eventId} max={22} />
          <button type="button" className="icon-btn" aria-label="Close the detail (Esc)" onClick={onClose}>
            ✕
          </button>
        </div>
        {summary && (
          <dl className="kv">
            <dt>employee</dt>
            <dd>
              {summary.name === null ? '—' : clip(summary.name)} {summary.email && <span className="muted">· {clip(summary.email)}</span>}
            </dd>
            <dt>recordId</dt>
            <dd>
              <IdText value={summary.recordId} max={30} />
            </dd>
            <dt>integrationId</dt>
            <dd>
              <IdText value={summary.integrationId} max={30} />
            </dd>
            <dt>run / job</dt>
            <dd>
              <IdText value={summary.syncRunId} max={20} /> <IdText value={summary.syncJobId} max={20} /> <span className="muted">{summary.syncType}</span>
            </dd>
            <dt>received</dt>
            <dd>
              <TimeText iso={summary.receivedAt} withDate /> <span className="muted">#{summary.seq}</span>
              {summary.retries > 0 && <span> · retried {summary.retries}×</span>}
            </dd>
            <dt>verified</dt>
            <dd>
              <span className="ok">✓</span> signature matched the {summary.environment} key
            </dd>
            {summary.flags.map((f) => (
              <FlagLine key={f.code} message={f.message} />
            ))}
            {e?.activation && (
              <>
                <dt>activation</dt>
                <dd>
                  <Activation activation={e.activation} deactivated={false} />{' '}
                  <span className="muted">(read from a guessed payload shape: the body below is as Knit sent it)</span>
                </dd>
                <dt>sync</dt>
                <dd>
                  <AutoStart outcome={e.activation.autoStart} />
                </dd>
              </>
            )}
          </dl>
        )}
      </div>
      <Tabs tabs={tabs} value={current} onChange={setTab} label="Event views" />
      <div className="detail-body" role="tabpanel" aria-label={current}>
        {error && <p className="inline-error">{error}</p>}
        {!e && !error && <p className="muted">Loading…</p>}
        {e && current === 'Diff' && <DiffView event={e} />}
        {e && (current === 'Body' || current === 'Raw') && (
          <button
            type="button"
            className="btn small"
            onClick={() =>
              saveExport({
                filename: `event-${e.eventId.replace(/[^\w.-]+/g, '_').slice(0, 80)}.json`,
                mimeType: 'application/json',
                content: e.rawBody,
                rows: 1,
              })
            }
          >
            Download body ({count(e.rawBody.length)} characters)
          </button>
        )}
        {e && current === 'Body' && <JsonTree value={e.body} />}
        {e && current === 'Headers' && (
          <dl className="kv mono">
            {Object.entries(e.headers).map(([k, v]) => (
              <FragmentKV key={k} k={k} v={v} />
            ))}
          </dl>
        )}
        {e && current === 'Raw' && <RawBody raw={e.rawBody} />}
        {e && current !== 'Raw' && (
          <>
            <ForwardAttempts eventId={eventId} initial={e.forwards ?? []} />
            <ReplayControl eventIds={[eventId]} />
          </>
        )}
        {e && e.warnings.length > 0 && current !== 'Raw' && (
          <>
            <h3>Schema warnings</h3>
            <ul>
              {e.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}

const count = (n: number): string => n.toLocaleString('en-US');

/** A name or e-mail as the header shows it: at most 200 characters. */
function clip(text: string): string {
  const { text: shown, omitted } = boundedText(text, 200);
  return omitted > 0 ? `${shown}… (${count(text.length)} characters)` : shown;
}

/** The raw body, its first RAW_VIEW_CHARS characters. */
function RawBody({ raw }: { raw: string }) {
  const { text, omitted } = boundedText(raw, RAW_VIEW_CHARS);
  return (
    <>
      {omitted > 0 && (
        <p className="muted" role="note">
          Showing the first {count(RAW_VIEW_CHARS)} of {count(raw.length)} characters: download the body for all of it.
        </p>
      )}
      <pre className="raw">{text}</pre>
    </>
  );
}

function FlagLine({ message }: { message: string }) {
  return (
    <>
      <dt>
        <span className="warn-mark">!</span>
      </dt>
      <dd>{message}</dd>
    </>
  );
}

function FragmentKV({ k, v }: { k: string; v: string }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{v}</dd>
    </>
  );
}
