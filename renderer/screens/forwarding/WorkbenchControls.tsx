/**
 * Settings → Forwarding → "Answers to Knit": pass-through (one forward target's handler answers Knit, with a
 * time limit; it is then no longer forwarded to, as its answer already is Knit's) and answer rules
 * (`STATUS[:DELAY_MS][:TIMES][:EVENT_TYPES]`, one per line, applied in order). `serve` flags win for their run.
 */
import { useEffect, useId, useState } from 'react';
import type { ForwardTarget } from '../../../shared/api/types';
import type { WorkbenchSettings } from '../../../shared/api/workbench';
import { FieldError } from '../../components/FieldError';
import { useApi } from '../../state/use-companion';
import { useAction } from '../setup/use-action';
import { TimeLimitInput } from '../../components/TimeLimitInput';

export function WorkbenchControls({ targets, onTargets }: { targets: ForwardTarget[]; onTargets: (t: ForwardTarget[]) => void }) {
  const api = useApi();
  const id = useId();
  const action = useAction();
  const [current, setCurrent] = useState<WorkbenchSettings | null>(null);
  const [passThrough, setPassThrough] = useState('');
  const [timeout, setTimeoutSeconds] = useState('10');
  const [rules, setRules] = useState('');
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void api.getWorkbench().then((w) => {
      setCurrent(w);
      setPassThrough(w.passThroughTargetId ?? '');
      setTimeoutSeconds(String(w.passThroughTimeoutSeconds));
      setRules(w.answerRules.join('\n'));
    });
  }, [api]);

  const save = (): void => {
    setSaved(false);
    void action
      .run(async () => {
        const next = await api.saveWorkbench({
          passThroughTargetId: passThrough || null,
          passThroughTimeoutSeconds: Number(timeout) || 10,
          answerRules: rules
            .split('\n')
            .map((r) => r.trim())
            .filter(Boolean),
        });
        setCurrent(next);
        const target = targets.find((t) => t.id === passThrough);
        if (target?.enabled && !target.session) {
          const list = targets
            .filter((t) => !t.session)
            .map((t) => ({ id: t.id, url: t.url, enabled: t.id === target.id ? false : t.enabled, eventTypes: t.eventTypes }));
          onTargets(await api.saveForwardTargets({ targets: list }));
        }
      })
      .then(setSaved);
  };
  if (!current) return null;
  // A refused rule is named by its line (field `answerRules.N`) and shown under the rules box.
  const ruleLines = rules
    .split('\n')
    .map((r) => r.trim())
    .filter(Boolean);
  const ruleFields = Object.keys(action.fields).filter((f) => f.startsWith('answerRules'));
  const ruleError = ruleFields
    .map((f) => {
      const n = Number(f.split('.')[1]);
      return Number.isInteger(n) ? `Line ${n + 1} (${ruleLines[n] ?? ''}): ${action.fields[f]}` : action.fields[f];
    })
    .join(' ');
  const formError = action.formError(ruleFields);
  return (
    <section aria-label="Answers to Knit">
      <h3>Answers to Knit</h3>
      <p className="hint">
        Every verified event is stored first. Then, by default, the Companion answers 200. With pass-through, your handler's status and body are the answer, so
        Knit's retries reach it (no answer in time: 504). Answer rules come first: <span className="mono">500::3</span> answers the first three deliveries of
        each event 500; <span className="mono">200:3000</span> answers 3 s late; <span className="mono">503:0:1:record.*</span> only record events.
      </p>
      {(current.session.passThroughUrl || current.session.answerRules.length > 0) && (
        <p className="warning-text">
          This run was started with {current.session.passThroughUrl && <>--pass-through-to {current.session.passThroughUrl} </>}
          {current.session.answerRules.map((r) => `--respond ${r} `)}: those apply until it stops.
        </p>
      )}
      <form
        className="actions"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label htmlFor={`${id}-pt`}>pass-through to</label>
        <select id={`${id}-pt`} value={passThrough} onChange={(e) => setPassThrough(e.target.value)}>
          <option value="">off (the Companion answers)</option>
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.url}
            </option>
          ))}
        </select>
        <TimeLimitInput id={`${id}-timeout`} value={timeout} onChange={setTimeoutSeconds} />
        <label htmlFor={`${id}-rules`}>answer rules</label>
        <span className="field" style={{ marginBottom: 0 }}>
          <textarea
            id={`${id}-rules`}
            rows={2}
            value={rules}
            placeholder="500::3"
            onChange={(e) => setRules(e.target.value)}
            style={{ width: 200 }}
            aria-invalid={ruleError ? true : undefined}
            aria-describedby={ruleError ? `${id}-rules-error` : undefined}
          />
          <FieldError id={`${id}-rules-error`} message={ruleError || undefined} />
        </span>
        <button type="submit" className="btn small primary" disabled={action.busy}>
          Save answers
        </button>
        {saved && (
          <span role="status" className="muted">
            Saved: applies from the next delivery.
          </span>
        )}
      </form>
      {formError && <div className="inline-error">{formError}</div>}
    </section>
  );
}
