/**
 * The sync of one integration: models checklist (the guide's six by default), frequency, destination
 * (from the tunnel, editable, with its warning), and Start / Update / Pause / Resume with the job's state,
 * its syncJobId and Knit's errors inline; a stale destination is fixed with one click (updateSync with the
 * destination only, which starts no initial sync).
 */
import { useEffect, useState } from 'react';
import type { EmployeeModelId, SyncFrequency } from '../../../shared/knit/models';
import { DEFAULT_MODEL_IDS, EMPLOYEE_MODELS, SYNC_FREQUENCIES } from '../../../shared/knit/models';
import { IdText } from '../../components/IdText';
import { defaultIntegrationId, knownIntegrations } from '../../model/integrations';
import { TimeText } from '../../components/TimeText';
import { useApi, useCompanion } from '../../state/use-companion';
import { FieldError } from '../../components/FieldError';
import { useAction } from './use-action';
import { DEFAULT_START_OPTIONS, StartOptions, toStartOptions, type StartOptionsValue } from './StartOptions';

export function SyncSection() {
  const api = useApi();
  const settings = useCompanion((s) => s.settings);
  const status = useCompanion((s) => s.status);
  const jobs = useCompanion((s) => s.jobs);
  const saved = settings?.integrations ?? [];
  const integrations = knownIntegrations(saved, jobs);
  const [integrationId, setIntegrationId] = useState('');
  const [models, setModels] = useState<EmployeeModelId[]>(settings?.defaultModels ?? DEFAULT_MODEL_IDS);
  const [frequency, setFrequency] = useState<SyncFrequency>(settings?.defaultFrequency ?? 'standard');
  const [destination, setDestination] = useState('');
  const [destinationEdited, setDestinationEdited] = useState(false);
  const [startOptions, setStartOptions] = useState<StartOptionsValue>(DEFAULT_START_OPTIONS);
  const action = useAction();

  // Until the user picks one: the integration of the most recently updated job, else the first saved one.
  const chosen = integrationId || defaultIntegrationId(saved, jobs);
  const job = jobs.find((j) => j.integrationId === chosen) ?? null;
  const entry = integrations.find((i) => i.integrationId === chosen);

  // The destination follows the tunnel until the user edits it.
  useEffect(() => {
    if (!destinationEdited) setDestination(status?.destination ?? '');
  }, [status?.destination, destinationEdited]);
  // Selecting an integration with a job shows the job's models and frequency (once per job, so edits in
  // progress survive the job's own updates); one without a job starts from the defaults, not the previous job's.
  useEffect(() => {
    setModels(job ? job.models : (settings?.defaultModels ?? DEFAULT_MODEL_IDS));
    setFrequency(job ? job.frequency : (settings?.defaultFrequency ?? 'standard'));
    setStartOptions(DEFAULT_START_OPTIONS);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per job or integration: the job's own updates must not undo edits
  }, [job?.syncJobId, chosen]);

  const toggle = (id: EmployeeModelId): void => setModels((m) => (m.includes(id) ? m.filter((x) => x !== id) : [...m, id]));
  const dest = startOptions.dashboardWebhook ? undefined : destination.trim() || undefined;
  const start = () =>
    api.startSync({ integrationId: chosen, environment: entry?.environment, models, frequency, destination: dest, ...toStartOptions(startOptions) });

  return (
    <section className="form-section" aria-labelledby="sync-title">
      <h2 id="sync-title">Employee sync</h2>
      <div className="row-fields">
        <div className="field">
          <label htmlFor="sync-integration">Integration</label>
          {integrations.length > 0 ? (
            <select id="sync-integration" value={chosen} onChange={(e) => setIntegrationId(e.target.value)} style={{ width: 280 }}>
              {integrations.map((i) => (
                <option key={i.integrationId} value={i.integrationId}>
                  {i.label ? `${i.label} · ` : ''}
                  {i.integrationId}
                  {i.saved ? '' : ' (no label)'}
                </option>
              ))}
            </select>
          ) : (
            <input
              id="sync-integration"
              type="text"
              className="mono"
              value={integrationId}
              onChange={(e) => setIntegrationId(e.target.value)}
              placeholder="integration id"
              style={{ width: 280 }}
            />
          )}
        </div>
        <div className="field">
          <span className="label">Job</span>
          {job ? (
            <span className="actions">
              <strong className={job.state === 'active' ? 'ok' : ''}>{job.state}</strong>
              <IdText value={job.syncJobId} max={24} />
              <span className="muted">
                in {job.environment}, updated <TimeText iso={job.updatedAt} withDate />
              </span>
            </span>
          ) : (
            <span className="muted">no sync started for this integration</span>
          )}
        </div>
      </div>

      <fieldset className="field" style={{ border: 0, padding: 0, margin: '0 0 10px' }}>
        <legend className="label" style={{ fontWeight: 600, fontSize: 12, marginBottom: 4 }}>
          Models
        </legend>
        <div className="checklist">
          {EMPLOYEE_MODELS.map((m) => (
            <label key={m.id}>
              <input type="checkbox" checked={models.includes(m.id)} onChange={() => toggle(m.id)} />
              <span>
                {m.label} <span className="muted mono">{m.id}</span>
                <br />
                <span className="muted">{m.contains}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="field" style={{ border: 0, padding: 0, margin: '0 0 10px' }}>
        <legend className="label" style={{ fontWeight: 600, fontSize: 12, marginBottom: 4 }}>
          Frequency
        </legend>
        <div className="actions">
          {SYNC_FREQUENCIES.map((f) => (
            <label key={f.id}>
              <input type="radio" name="frequency" value={f.id} checked={frequency === f.id} onChange={() => setFrequency(f.id)} /> {f.label}
            </label>
          ))}
        </div>
      </fieldset>

      <div className="field">
        <label htmlFor="sync-destination">Destination (the webhook URL Knit calls)</label>
        <input
          id="sync-destination"
          type="url"
          className="mono"
          value={destination}
          onChange={(e) => {
            setDestination(e.target.value);
            setDestinationEdited(true);
          }}
          style={{ width: '100%' }}
          aria-invalid={action.fields.destination ? true : undefined}
          aria-describedby={action.fields.destination ? 'sync-destination-error' : undefined}
        />
        <FieldError id="sync-destination-error" message={action.fields.destination} />
        {status?.destinationWarning && <div className="warning-text">{status.destinationWarning}</div>}
      </div>

      <StartOptions value={startOptions} onChange={setStartOptions} />

      {job?.stale && (
        <div className="warning-text" role="alert">
          The job still sends to <span className="mono">{job.stale.destination}</span>, but the public webhook URL is now{' '}
          <span className="mono">{job.stale.current}</span>.{' '}
          <button
            type="button"
            className="btn small"
            disabled={action.busy}
            onClick={() => void action.run(() => api.updateSync({ integrationId: job.integrationId, destination: job.stale!.current }))}
          >
            Update the destination
          </button>
        </div>
      )}

      <div className="actions" style={{ marginTop: 10 }}>
        {!job && (
          <button type="button" className="btn primary" disabled={action.busy || !chosen || models.length === 0} onClick={() => void action.run(start)}>
            Start sync
          </button>
        )}
        {job && (
          <>
            <button
              type="button"
              className="btn primary"
              disabled={action.busy || models.length === 0}
              onClick={() => void action.run(() => api.updateSync({ integrationId: chosen, models, frequency, destination: dest }))}
            >
              Update sync
            </button>
            <button
              type="button"
              className="btn"
              title="sync.start again: a new run with the advanced options"
              disabled={action.busy || models.length === 0}
              onClick={() => void action.run(start)}
            >
              Start a run now
            </button>
            {job.state === 'active' ? (
              <button type="button" className="btn" disabled={action.busy} onClick={() => void action.run(() => api.pauseSync({ integrationId: chosen }))}>
                Pause
              </button>
            ) : (
              <button type="button" className="btn" disabled={action.busy} onClick={() => void action.run(() => api.resumeSync({ integrationId: chosen }))}>
                Resume
              </button>
            )}
          </>
        )}
        {action.busy && <span className="muted">asking Knit…</span>}
        {models.length === 0 && <span className="muted">choose at least one model</span>}
      </div>
      {action.formError(['destination']) && (
        <div className="inline-error" role="alert">
          {action.formError(['destination'])}
        </div>
      )}
      {job?.lastError && !action.error && <div className="inline-error">Last error from Knit: {job.lastError}</div>}
      {job && (
        <p className="hint muted" style={{ marginTop: 8 }}>
          Changing the models starts a new initial sync on Knit's side; changing only the destination or frequency does not.
        </p>
      )}
    </section>
  );
}
