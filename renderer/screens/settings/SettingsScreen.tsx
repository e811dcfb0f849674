/** Settings: tunnel (ngrok / manual / off, authtoken, domain), auto-update destination, retention, purge, export. */
import { useEffect, useState } from 'react';
import type { ExportInput } from '../../../shared/api/companion-api';
import type { TunnelMode } from '../../../shared/api/types';
import { FieldError } from '../../components/FieldError';
import { saveExport } from '../../components/save-export';
import { SecretField } from '../../components/SecretField';
import { tunnelModeNote } from '../../model/tunnel-note';
import { getShownEventIds } from '../../state/shown-events';
import { useIntegrationOptions } from '../../components/IntegrationScope';
import { optionText } from '../../model/integration-options';
import { useApi, useCompanion } from '../../state/use-companion';
import { ForwardingSection } from '../forwarding/ForwardingSection';
import { useAction } from '../setup/use-action';

function TunnelSection() {
  const api = useApi();
  const settings = useCompanion((s) => s.settings);
  const tunnel = useCompanion((s) => s.status?.tunnel);
  const action = useAction();
  const [publicUrl, setPublicUrl] = useState(settings?.publicUrl ?? '');
  const [domain, setDomain] = useState(settings?.ngrokDomain ?? '');
  useEffect(() => setPublicUrl(settings?.publicUrl ?? ''), [settings?.publicUrl]);
  useEffect(() => setDomain(settings?.ngrokDomain ?? ''), [settings?.ngrokDomain]);
  if (!settings) return null;
  const mode = settings.tunnelMode;
  const note = tunnelModeNote(mode, tunnel);
  return (
    <section className="form-section" aria-labelledby="tunnel-title">
      <h2 id="tunnel-title">Public URL</h2>
      <fieldset className="field" style={{ border: 0, padding: 0 }}>
        <legend className="label" style={{ fontWeight: 600, fontSize: 12 }}>
          Tunnel mode
        </legend>
        <div className="actions">
          {(
            [
              ['ngrok', 'ngrok tunnel'],
              ['manual', 'my own public URL (another tunnel)'],
              ['off', 'off (local only)'],
            ] as Array<[TunnelMode, string]>
          ).map(([m, label]) => (
            <label key={m}>
              <input type="radio" name="tunnel-mode" checked={mode === m} onChange={() => void action.run(() => api.saveSettings({ tunnelMode: m }))} /> {label}
            </label>
          ))}
        </div>
        {tunnel && (
          <span className="hint">
            Tunnel {tunnel.state}
            {tunnel.publicUrl ? ` at ${tunnel.publicUrl}` : ''}
            {tunnel.error ? `: ${tunnel.error.code ? `${tunnel.error.code} ` : ''}${tunnel.error.message}` : ''}
          </span>
        )}
        {note && (
          <div className="warning-text" role="note">
            {note}
          </div>
        )}
      </fieldset>
      {mode === 'ngrok' && (
        <>
          <div className="field">
            <span className="label">ngrok authtoken</span>
            {tunnel && (
              <SecretField
                id="ngrok-token"
                label="ngrok authtoken"
                secret={tunnel.authtoken}
                submitLabel="Save authtoken"
                width={300}
                save={(token) => api.setNgrokAuthtoken({ token })}
              />
            )}
          </div>
          <div className="field">
            <label htmlFor="ngrok-domain">Reserved ngrok domain (optional)</label>
            <span className="actions">
              <input
                id="ngrok-domain"
                type="text"
                value={domain}
                onChange={(e) => setDomain(e.target.value)}
                placeholder="my-app.ngrok.app"
                style={{ width: 300 }}
                aria-describedby="ngrok-domain-error"
              />
              <button type="button" className="btn small" onClick={() => void action.run(() => api.saveSettings({ ngrokDomain: domain.trim() || null }))}>
                Save
              </button>
            </span>
            <FieldError id="ngrok-domain-error" message={action.fields.ngrokDomain} />
          </div>
        </>
      )}
      {mode === 'manual' && (
        <div className="field">
          <label htmlFor="manual-url">Public URL (origin of your tunnel)</label>
          <span className="actions">
            <input
              id="manual-url"
              type="url"
              value={publicUrl}
              onChange={(e) => setPublicUrl(e.target.value)}
              placeholder="https://hooks.example.com"
              style={{ width: 320 }}
              aria-describedby="manual-url-error"
            />
            <button type="button" className="btn small" onClick={() => void action.run(() => api.saveSettings({ publicUrl: publicUrl.trim() || null }))}>
              Save
            </button>
          </span>
          <FieldError id="manual-url-error" message={action.fields.publicUrl} />
        </div>
      )}
      <label className="actions">
        <input
          type="checkbox"
          checked={settings.autoUpdateDestination}
          onChange={(e) => void action.run(() => api.saveSettings({ autoUpdateDestination: e.target.checked }))}
        />
        Update the sync's destination automatically when the public URL changes
      </label>
      {action.formError(['ngrokDomain', 'publicUrl']) && <div className="inline-error">{action.formError(['ngrokDomain', 'publicUrl'])}</div>}
    </section>
  );
}

function DataSection() {
  const api = useApi();
  const settings = useCompanion((s) => s.settings);
  // Every integration with data (or a label), not only the labelled ones: "label · id".
  const integrations = useIntegrationOptions();
  const retention = useAction();
  const purge = useAction();
  const exporting = useAction();
  const [days, setDays] = useState(settings?.retentionDays?.toString() ?? '');
  const [target, setTarget] = useState('all');
  const [confirming, setConfirming] = useState(false);
  const [purged, setPurged] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const [includeDeleted, setIncludeDeleted] = useState(false);
  useEffect(() => setDays(settings?.retentionDays?.toString() ?? ''), [settings?.retentionDays]);

  const doExport = (input: ExportInput): void => {
    setExported(null);
    void exporting.run(async () => {
      const result = await api.exportData(input);
      saveExport(result);
      setExported(`${result.filename}: ${result.rows.toLocaleString('en-US')} rows`);
    });
  };
  const shown = getShownEventIds();

  return (
    <section className="form-section" aria-labelledby="data-title">
      <h2 id="data-title">Stored data</h2>
      <div className="field">
        <label htmlFor="retention-days">Keep events and employees for (days; empty keeps everything)</label>
        <span className="actions">
          <input
            id="retention-days"
            type="number"
            min={1}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            aria-invalid={retention.fields.retentionDays ? true : undefined}
            aria-describedby="retention-days-error"
            style={{ width: 100 }}
          />
          <button
            type="button"
            className="btn small"
            onClick={() => void retention.run(() => api.saveSettings({ retentionDays: days.trim() === '' ? null : Number(days) }))}
          >
            Save
          </button>
        </span>
        <FieldError id="retention-days-error" message={retention.fields.retentionDays} />
        {retention.formError(['retentionDays']) && <div className="inline-error">{retention.formError(['retentionDays'])}</div>}
      </div>
      <h3>Export</h3>
      <div className="actions">
        <button type="button" className="btn" onClick={() => doExport({ kind: 'employees', format: 'csv', includeDeleted })}>
          Employees CSV
        </button>
        <button type="button" className="btn" onClick={() => doExport({ kind: 'employees', format: 'ndjson', includeDeleted })}>
          Employees NDJSON
        </button>
        <label>
          <input type="checkbox" checked={includeDeleted} onChange={(e) => setIncludeDeleted(e.target.checked)} /> include deleted employees
        </label>
        <button type="button" className="btn" onClick={() => doExport({ kind: 'events', format: 'ndjson' })}>
          Events NDJSON
        </button>
        <button
          type="button"
          className="btn"
          disabled={!shown || shown.length === 0}
          title="The events the Events screen shows with its filters"
          onClick={() => doExport({ kind: 'events', format: 'ndjson', eventIds: [...(shown ?? [])] })}
        >
          Filtered events ({shown ? shown.length.toLocaleString('en-US') : 'no filter'})
        </button>
      </div>
      {exported && (
        <p className="muted" role="status">
          Saved {exported}.
        </p>
      )}
      {exporting.error && <div className="inline-error">{exporting.error}</div>}
      <h3>Purge</h3>
      <div className="actions">
        <label htmlFor="purge-target">Delete stored events and employees of</label>
        <select
          id="purge-target"
          value={target}
          onChange={(e) => {
            setTarget(e.target.value);
            setConfirming(false);
          }}
        >
          <option value="all">all integrations</option>
          {integrations.map((i) => (
            <option key={i.integrationId} value={i.integrationId}>
              {optionText(i)}
            </option>
          ))}
        </select>
        {!confirming ? (
          <button type="button" className="btn danger" onClick={() => setConfirming(true)}>
            Purge…
          </button>
        ) : (
          <>
            <strong className="danger">This cannot be undone.</strong>
            <button
              type="button"
              className="btn danger"
              disabled={purge.busy}
              onClick={() =>
                void purge.run(async () => {
                  const r = await api.purge(target === 'all' ? { all: true } : { integrationId: target });
                  setPurged(`Deleted ${r.events.toLocaleString('en-US')} events and ${r.employees.toLocaleString('en-US')} employees.`);
                  setConfirming(false);
                })
              }
            >
              Yes, purge
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </>
        )}
      </div>
      {purged && <p role="status">{purged}</p>}
      {purge.error && <div className="inline-error">{purge.error}</div>}
    </section>
  );
}

export function SettingsScreen() {
  const status = useCompanion((s) => s.status);
  return (
    <div className="screen-scroll">
      <TunnelSection />
      <ForwardingSection />
      <DataSection />
      {status && (
        <p className="muted">
          Knit Sync Companion {status.version} · data in <span className="mono">{status.dataDir}</span>
        </p>
      )}
    </div>
  );
}
