/**
 * Environments: the active one, each environment's API key (masked: once saved only "set, ends in abcd", with
 * where it comes from, or "unreadable" with a field to enter it again), and custom environments.
 */
import { useState } from 'react';
import { SecretField } from '../../components/SecretField';
import type { EnvironmentInfo } from '../../../shared/api/types';
import { useApi, useCompanion } from '../../state/use-companion';
import { FieldError } from '../../components/FieldError';
import { useAction } from './use-action';

function KeyRow({ env }: { env: EnvironmentInfo }) {
  const api = useApi();
  const action = useAction();
  return (
    <tr>
      <td>
        <strong>{env.name}</strong>
        <div className="muted mono">{env.baseUrl}</div>
      </td>
      <td>
        <SecretField
          id={`api-key-${env.name}`}
          label={`API key for ${env.name}`}
          secret={env.key}
          submitLabel="Save key"
          width={220}
          save={(key) => api.setApiKey({ environment: env.name, key })}
        />
      </td>
      <td>
        {!env.builtIn && (
          <button
            type="button"
            className="btn small danger"
            disabled={action.busy}
            onClick={() => void action.run(() => api.deleteEnvironment({ name: env.name }))}
          >
            Remove
          </button>
        )}
        {action.error && <div className="inline-error">{action.error}</div>}
      </td>
    </tr>
  );
}

const NO_ENVIRONMENTS: never[] = [];

export function EnvironmentSection() {
  const api = useApi();
  const environments = useCompanion((s) => s.status?.environments ?? NO_ENVIRONMENTS);
  const active = useCompanion((s) => s.settings?.activeEnvironment ?? '');
  const action = useAction();
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  return (
    <section className="form-section" aria-labelledby="env-title">
      <h2 id="env-title">Environment and API keys</h2>
      <div className="field">
        <label htmlFor="active-env">Active environment</label>
        <select
          id="active-env"
          value={active}
          onChange={(e) => void action.run(() => api.saveSettings({ activeEnvironment: e.target.value }))}
          style={{ width: 240 }}
        >
          {environments.map((e) => (
            <option key={e.name} value={e.name}>
              {e.name}
              {e.key.state === 'unreadable' ? ' (key unreadable)' : e.keySet ? '' : ' (no key)'}
            </option>
          ))}
        </select>
        <span className="hint">An API key belongs to one environment; the same key signs that environment's webhooks.</span>
      </div>
      <table className="data">
        <thead>
          <tr>
            <th>environment</th>
            <th>API key</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {environments.map((e) => (
            <KeyRow key={e.name} env={e} />
          ))}
        </tbody>
      </table>
      <form
        className="row-fields"
        style={{ marginTop: 10 }}
        onSubmit={(e) => {
          e.preventDefault();
          void action
            .run(() => api.saveEnvironment({ name, baseUrl }))
            .then((ok) => {
              if (ok) {
                setName('');
                setBaseUrl('');
              }
            });
        }}
      >
        <div className="field">
          <label htmlFor="custom-env-name">Custom environment name</label>
          <input
            id="custom-env-name"
            type="text"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="staging"
            aria-describedby="custom-env-name-error"
          />
          <FieldError id="custom-env-name-error" message={action.fields.name} />
        </div>
        <div className="field">
          <label htmlFor="custom-env-url">Base URL</label>
          <input
            id="custom-env-url"
            type="url"
            value={baseUrl}
            onChange={(e) => setBaseUrl(e.target.value)}
            placeholder="https://api.example.test/v1.0"
            style={{ width: 300 }}
            aria-describedby="custom-env-url-error"
          />
          <FieldError id="custom-env-url-error" message={action.fields.baseUrl} />
        </div>
        <div className="field">
          <button type="submit" className="btn" disabled={action.busy || !name || !baseUrl}>
            Add environment
          </button>
        </div>
      </form>
      {action.formError(['name', 'baseUrl']) && <div className="inline-error">{action.formError(['name', 'baseUrl'])}</div>}
    </section>
  );
}
