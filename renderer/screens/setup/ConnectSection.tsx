/**
 * Setup → Connect an HR system (issue 15), per environment: the webhook URL to register in Knit's dashboard
 * (copy button, a warning when the tunnel's URL changed since it was registered), the component script URL,
 * "start the sync on activation", the connect form (organisation, user, test account, app filter; remembered)
 * that opens Knit's UI component, and the connected integrations with their age, test-account expiry,
 * activation (or its validation errors) and the sync their activation started.
 */
import { useEffect, useState } from 'react';
import { MAX_TEST_ACCOUNTS, type ConnectSettings } from '../../../shared/api/connect';
import { CopyButton } from '../../components/CopyButton';
import { useApi, useCompanion } from '../../state/use-companion';
import { ConnectedIntegrations } from './ConnectedIntegrations';
import { useAction } from './use-action';

const NO_ENVIRONMENTS: never[] = [];
const DEFAULT_COMPONENT = 'https://af1.getknit.dev/knit-ui-comp.js';

export function ConnectSection() {
  const api = useApi();
  const environments = useCompanion((s) => s.status?.environments ?? NO_ENVIRONMENTS);
  const destination = useCompanion((s) => s.status?.destination ?? null);
  const active = useCompanion((s) => s.settings?.activeEnvironment ?? 'production');
  const connections = useCompanion((s) => s.connections);
  const [picked, setPicked] = useState('');
  const environment = picked || active;
  const saved: ConnectSettings = connections?.environments[environment] ?? {
    componentUrl: DEFAULT_COMPONENT,
    autoStart: true,
    registeredWebhookUrl: null,
    form: null,
  };
  const [form, setForm] = useState({ originOrgId: '', originOrgName: '', originUserEmail: '', originUserName: '', testAccount: true, apps: '' });
  const [componentUrl, setComponentUrl] = useState(saved.componentUrl);
  const [opened, setOpened] = useState<string | null>(null);
  const action = useAction();

  // The remembered form and component URL of the environment, when it changes or first loads.
  const loaded = connections !== null;
  useEffect(() => {
    const f = saved.form;
    setForm(
      f ? { ...f, apps: f.apps.join(', ') } : { originOrgId: '', originOrgName: '', originUserEmail: '', originUserName: '', testAccount: true, apps: '' },
    );
    setComponentUrl(saved.componentUrl);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on a change of environment or the first load only: later updates must not undo edits
  }, [environment, loaded]);

  const integrations = (connections?.integrations ?? []).filter((i) => i.environment === environment);
  const testsInUse = integrations.filter((i) => i.testAccount && !i.deactivatedAt).length;
  const keySet = environments.find((e) => e.name === environment)?.keySet ?? false;
  const moved = saved.registeredWebhookUrl !== null && destination !== null && saved.registeredWebhookUrl !== destination;
  const field = (name: keyof typeof form, label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`connect-${name}`}>{label}</label>
      <input
        id={`connect-${name}`}
        type={type}
        value={String(form[name])}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        style={{ width: 170 }}
      />
    </div>
  );
  const connect = async () => {
    const apps = form.apps
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    const result = await api.startConnect({ environment, ...form, apps });
    if (result.pagePath) window.open(result.pagePath, '_blank', 'noopener');
    setOpened(result.pagePath ? 'Knit\u2019s component opened in a new tab: connect the HR system there.' : 'Knit\u2019s component opened in its own window.');
  };

  return (
    <section className="form-section" aria-labelledby="connect-title">
      <h2 id="connect-title">Connect an HR system</h2>
      <div className="row-fields">
        <div className="field">
          <label htmlFor="connect-environment">Environment</label>
          <select id="connect-environment" value={environment} onChange={(e) => setPicked(e.target.value)}>
            {environments.map((e) => (
              <option key={e.name} value={e.name}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: 1 }}>
          <span className="label">Webhook URL to register in Knit's dashboard</span>
          <span className="actions">
            <span className="mono">{destination ?? 'no URL yet: start the tunnel'}</span>
            {destination && <CopyButton value={destination} label="Copy the webhook URL" />}
            {destination && saved.registeredWebhookUrl !== destination && (
              <button
                type="button"
                className="btn small"
                onClick={() => void action.run(() => api.saveConnectSettings({ environment, registeredWebhookUrl: destination }))}
              >
                I registered it
              </button>
            )}
          </span>
        </div>
      </div>
      {moved && (
        <div className="warning-text" role="alert">
          The tunnel's URL changed since you registered <span className="mono">{saved.registeredWebhookUrl}</span> in Knit's dashboard: register the new URL
          there (no API can update it).
        </div>
      )}
      <div className="row-fields">
        <div className="field" style={{ flex: 1 }}>
          <label htmlFor="connect-component">Component script (module)</label>
          <span className="actions">
            <input
              id="connect-component"
              type="url"
              className="mono"
              value={componentUrl}
              onChange={(e) => setComponentUrl(e.target.value)}
              style={{ width: 380 }}
            />
            {componentUrl !== saved.componentUrl && (
              <button type="button" className="btn small" onClick={() => void action.run(() => api.saveConnectSettings({ environment, componentUrl }))}>
                Save
              </button>
            )}
          </span>
        </div>
        <label className="field">
          <span>
            <input
              type="checkbox"
              checked={saved.autoStart}
              onChange={(e) => void action.run(() => api.saveConnectSettings({ environment, autoStart: e.target.checked }))}
            />{' '}
            Start the sync when an integration is activated
          </span>
        </label>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(connect);
        }}
      >
        <div className="row-fields">
          {field('originOrgId', 'Organisation id')}
          {field('originOrgName', 'Organisation name')}
          {field('originUserEmail', 'User email', 'email')}
          {field('originUserName', 'User name')}
        </div>
        <div className="row-fields">
          <div className="field">
            <label htmlFor="connect-apps">Only these apps (optional, comma-separated ids)</label>
            <input
              id="connect-apps"
              type="text"
              className="mono"
              value={form.apps}
              onChange={(e) => setForm({ ...form, apps: e.target.value })}
              placeholder="bamboohr, hibob"
              style={{ width: 240 }}
            />
          </div>
          <label className="field">
            <span>
              <input type="checkbox" checked={form.testAccount} onChange={(e) => setForm({ ...form, testAccount: e.target.checked })} /> Test account (
              {testsInUse} of {MAX_TEST_ACCOUNTS} in use; Knit deactivates them after 30 days)
            </span>
          </label>
          <div className="field">
            <button type="submit" className="btn primary" disabled={action.busy || !keySet}>
              Connect an HR system
            </button>
          </div>
        </div>
        {!keySet && <div className="hint muted">Set the API key of {environment} first: auth.createSession needs it.</div>}
        {form.testAccount && testsInUse >= MAX_TEST_ACCOUNTS && (
          <div className="warning-text">Knit allows {MAX_TEST_ACCOUNTS} test accounts: deactivate one in Knit before connecting another.</div>
        )}
      </form>
      {action.error && (
        <div className="inline-error" role="alert">
          {action.error}
        </div>
      )}
      {opened && !action.error && (
        <div className="hint" role="status">
          {opened}
        </div>
      )}
      <ConnectedIntegrations integrations={integrations} />
    </section>
  );
}
