/**
 * The integrations connected through Knit's UI component in one environment: label, id, app, test or
 * production, age (with a warning before Knit deactivates a test account), and what `app.integration.activate`
 * said (activated, or failed with its validation errors) and the sync it started.
 */
import { integrationAge, TEST_ACCOUNT_WARN_DAYS, type ActivationState, type ConnectedIntegration } from '../../../shared/api/connect';
import { IdText } from '../../components/IdText';
import { TimeText } from '../../components/TimeText';

/** What an activation said, in a few words (or that the integration is deactivated). */
export function Activation({ activation, deactivated }: { activation: ActivationState | null; deactivated: boolean }) {
  if (deactivated) return <span className="muted">deactivated</span>;
  if (!activation) return <span className="muted">waiting for app.integration.activate</span>;
  if (activation.state === 'failed') {
    return <span className="danger-text">activation failed: {activation.errors.join('; ')}</span>;
  }
  return <span className="ok">activated</span>;
}

/** The sync an activation started, or why none was. */
export function AutoStart({ outcome }: { outcome: ActivationState['autoStart'] }) {
  if (!outcome) return null;
  if ('syncJobId' in outcome) {
    return (
      <span>
        sync started <IdText value={outcome.syncJobId} max={20} /> (default models and frequency)
      </span>
    );
  }
  if ('skipped' in outcome) return <span className="muted">no sync started: {outcome.skipped}</span>;
  return <span className="danger-text">sync not started: {outcome.error}</span>;
}

export function ConnectedIntegrations({ integrations }: { integrations: readonly ConnectedIntegration[] }) {
  if (integrations.length === 0) return <p className="muted">No HR system connected from here in this environment yet.</p>;
  return (
    <table className="data" aria-label="Connected integrations" style={{ marginTop: 10 }}>
      <thead>
        <tr>
          <th>label</th>
          <th>integrationId</th>
          <th>account</th>
          <th>connected</th>
          <th>activation</th>
          <th>sync</th>
        </tr>
      </thead>
      <tbody>
        {integrations.map((i) => {
          const { days, daysLeft } = integrationAge(i);
          const expiring = daysLeft !== null && !i.deactivatedAt && daysLeft <= TEST_ACCOUNT_WARN_DAYS;
          return (
            <tr key={i.integrationId} data-integration={i.integrationId}>
              <td>{i.label}</td>
              <td>
                <IdText value={i.integrationId} max={24} />
              </td>
              <td>{i.testAccount ? 'test' : 'production'}</td>
              <td>
                <TimeText iso={i.connectedAt} withDate /> <span className="muted">({days === 0 ? 'today' : `${days} d ago`})</span>
                {expiring && <div className="warning-text">Knit deactivates this test account in {daysLeft} d</div>}
              </td>
              <td data-testid="activation">
                <Activation activation={i.activation} deactivated={i.deactivatedAt !== null} />
              </td>
              <td>
                <AutoStart outcome={i.activation?.autoStart ?? null} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
