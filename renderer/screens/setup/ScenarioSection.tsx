/**
 * Setup → Scenario (only in `knit-sync demo`): the emulator's scenarios as `knit-sync emulate --help` lists
 * them, ticked ones applying from the emulator's next run (a sync started here, or the next delta), so the
 * user watches duplicates, retries or odd records arrive without leaving the UI.
 */
import { useEffect, useState } from 'react';
import type { DemoView } from '../../../shared/api/demo';
import { FieldError } from '../../components/FieldError';
import { useApi } from '../../state/use-companion';
import { useAction } from './use-action';

export function ScenarioSection() {
  const api = useApi();
  const [demo, setDemo] = useState<DemoView | null>(null);
  const action = useAction();
  useEffect(() => {
    let live = true;
    api.getDemo().then(
      (view) => live && setDemo(view),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  if (!demo) return null;

  const toggle = (name: string, on: boolean) => {
    const names = on ? [...demo.active, name] : demo.active.filter((n) => n !== name);
    const before = demo;
    setDemo({ ...demo, active: names }); // ticked at once; put back if the emulator refuses
    void action.run(async () => setDemo(await api.setDemoScenarios({ names }))).then((ok) => ok || setDemo(before));
  };
  const error = action.fields.names ?? action.error ?? undefined;
  return (
    <section className="form-section" aria-labelledby="scenario-title">
      <h2 id="scenario-title">Scenario (demo emulator)</h2>
      <p className="hint muted">
        The demo's Knit emulator can play the situations a webhook handler must survive. Ticked scenarios combine and apply from its next run: a sync started
        below, or the next delta (every few seconds). {demo.active.length === 0 ? 'None ticked: deliveries as usual.' : `Now: ${demo.active.join(' + ')}.`}
      </p>
      <fieldset className="scenario-list" aria-describedby={error ? 'scenario-error' : undefined} disabled={action.busy}>
        <legend>Scenarios</legend>
        {demo.scenarios.map((s) => (
          <label key={s.name} className="scenario">
            <input type="checkbox" name="scenario" value={s.name} checked={demo.active.includes(s.name)} onChange={(e) => toggle(s.name, e.target.checked)} />
            <span className="mono">{s.name}</span>
            <span className="muted">{s.description}</span>
          </label>
        ))}
      </fieldset>
      <FieldError id="scenario-error" message={error} />
    </section>
  );
}
