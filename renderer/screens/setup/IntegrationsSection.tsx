/**
 * Integration ids with labels and their environment, saved in settings, plus those that only have a sync job
 * (e.g. the demo's int_demo), shown as "(no label)" with a button that puts them in the form to label.
 */
import { useRef, useState } from 'react';
import { IdText } from '../../components/IdText';
import { knownIntegrations } from '../../model/integrations';
import { useApi, useCompanion } from '../../state/use-companion';
import { useAction } from './use-action';

const NO_ENVIRONMENTS: never[] = [];
const NO_INTEGRATIONS: never[] = [];

export function IntegrationsSection() {
  const api = useApi();
  const settings = useCompanion((s) => s.settings);
  const environments = useCompanion((s) => s.status?.environments ?? NO_ENVIRONMENTS);
  const jobs = useCompanion((s) => s.jobs);
  const action = useAction();
  const [integrationId, setIntegrationId] = useState('');
  const [label, setLabel] = useState('');
  const labelInput = useRef<HTMLInputElement>(null);
  const integrations = settings?.integrations ?? NO_INTEGRATIONS;
  const known = knownIntegrations(integrations, jobs);
  // An integration known from its job keeps the job's environment when it is labelled.
  const environment = known.find((i) => i.integrationId === integrationId.trim())?.environment ?? settings?.activeEnvironment ?? 'production';
  return (
    <section className="form-section" aria-labelledby="int-title">
      <h2 id="int-title">Integrations</h2>
      {known.length === 0 ? (
        <p className="muted">No integration yet: add the integration id of the connected HRIS account (from Knit's dashboard).</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>integrationId</th>
              <th>label</th>
              <th>environment</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {known.map((i) => (
              <tr key={i.integrationId}>
                <td>
                  <IdText value={i.integrationId} max={28} />
                </td>
                <td>{i.saved ? i.label : <span className="muted">(no label: known from its sync job)</span>}</td>
                <td>{i.environment}</td>
                <td>
                  {i.saved ? (
                    <button
                      type="button"
                      className="btn small danger"
                      onClick={() => void action.run(() => api.saveSettings({ integrations: integrations.filter((x) => x.integrationId !== i.integrationId) }))}
                    >
                      Remove
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="btn small"
                      onClick={() => {
                        setIntegrationId(i.integrationId);
                        labelInput.current?.focus();
                      }}
                    >
                      Add a label
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="row-fields"
        style={{ marginTop: 10 }}
        onSubmit={(e) => {
          e.preventDefault();
          const next = [
            ...integrations.filter((x) => x.integrationId !== integrationId.trim()),
            { integrationId: integrationId.trim(), label: label.trim(), environment },
          ];
          void action
            .run(() => api.saveSettings({ integrations: next }))
            .then((ok) => {
              if (ok) {
                setIntegrationId('');
                setLabel('');
              }
            });
        }}
      >
        <div className="field">
          <label htmlFor="new-integration-id">Integration id</label>
          <input
            id="new-integration-id"
            type="text"
            className="mono"
            value={integrationId}
            onChange={(e) => setIntegrationId(e.target.value)}
            style={{ width: 240 }}
          />
        </div>
        <div className="field">
          <label htmlFor="new-integration-label">Label</label>
          <input
            id="new-integration-label"
            ref={labelInput}
            type="text"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            placeholder="BambooHR (Acme)"
          />
        </div>
        <div className="field">
          <span className="hint">
            in {environment}
            {environments.length > 1 ? ' (the active environment)' : ''}
          </span>
          <button type="submit" className="btn" disabled={action.busy || integrationId.trim() === ''}>
            {known.some((i) => !i.saved && i.integrationId === integrationId.trim()) ? 'Save label' : 'Add integration'}
          </button>
        </div>
      </form>
      {action.error && <div className="inline-error">{action.error}</div>}
    </section>
  );
}
