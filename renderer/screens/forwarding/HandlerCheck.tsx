/**
 * Settings → Forwarding → "Check a handler": runs the handler check suite (the same as `knit-sync check`)
 * against a forward target, signed with the chosen environment's key, and shows the scorecard: one row per
 * check with pass / fail / warn, what was sent, what came back and what Knit would do about it.
 */
import { useId, useState } from 'react';
import type { CheckReport } from '../../../shared/api/check';
import type { ForwardTarget } from '../../../shared/api/types';
import { useApi } from '../../state/use-companion';
import { SigningKeySelect, useSigningEnvironment } from './SigningKeySelect';
import { TimeLimitInput } from '../../components/TimeLimitInput';

const OUTCOME_CLASS = { pass: 'ok', fail: 'danger', warn: 'warn-mark' } as const;

export function HandlerCheck({ targets }: { targets: ForwardTarget[] }) {
  const api = useApi();
  const id = useId();
  const signing = useSigningEnvironment();
  const [targetId, setTargetId] = useState('');
  const [timeout, setTimeoutSeconds] = useState('10');
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<CheckReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const target = targetId || targets[0]?.id || '';
  const env = signing.environment;
  if (targets.length === 0) return null;

  const run = (): void => {
    setError(null);
    setReport(null);
    setRunning(true);
    api
      .checkHandler({ targetId: target, environment: env, timeoutSeconds: Number(timeout) || 10 })
      .then(setReport, (e: Error) => setError(e.message))
      .finally(() => setRunning(false));
  };
  return (
    <section aria-label="Check a handler">
      <h3>Check a handler</h3>
      <p className="hint">Sends a fixed suite of signed (and forged) deliveries to the handler and says which of Knit's rules it keeps.</p>
      <form
        className="actions"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <label htmlFor={`${id}-target`}>handler</label>
        <select id={`${id}-target`} value={target} onChange={(e) => setTargetId(e.target.value)}>
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.url}
            </option>
          ))}
        </select>
        <SigningKeySelect id={`${id}-env`} signing={signing} />
        <TimeLimitInput id={`${id}-timeout`} value={timeout} onChange={setTimeoutSeconds} />
        <button type="submit" className="btn small primary" disabled={running || !env}>
          {running ? 'Checking…' : 'Run check'}
        </button>
        {!env && <span className="muted">Set an API key first: the checks are signed with it.</span>}
      </form>
      {error && <div className="inline-error">{error}</div>}
      {report && (
        <>
          <p role="status" className={report.failed > 0 ? 'danger' : 'ok'}>
            {report.passed} passed · {report.warned} warned · {report.failed} failed of {report.results.length} checks ({report.requests} requests in{' '}
            {report.durationMs} ms)
          </p>
          <table className="data" aria-label="Check results">
            <thead>
              <tr>
                <th>result</th>
                <th>check</th>
                <th>sent</th>
                <th>got</th>
                <th>what Knit would do</th>
              </tr>
            </thead>
            <tbody>
              {report.results.map((r) => (
                <tr key={r.id}>
                  <td className={OUTCOME_CLASS[r.outcome]}>{r.outcome}</td>
                  <td className="mono nowrap">{r.id}</td>
                  <td>{r.sent}</td>
                  <td>{r.got}</td>
                  <td>{r.knit}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
