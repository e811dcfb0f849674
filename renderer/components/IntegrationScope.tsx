/**
 * The integration a screen is scoped to: a select of every integration with data or a label ("label · id"),
 * and "all integrations". `useIntegrationOptions` gives the same list to other pickers.
 */
import { useMemo } from 'react';
import { integrationOptions, optionText, type IntegrationOption } from '../model/integration-options';
import { useCompanion } from '../state/use-companion';

/** Every integration to choose from (model/integration-options.ts), from the store. */
export function useIntegrationOptions(): IntegrationOption[] {
  const settings = useCompanion((s) => s.settings);
  const connections = useCompanion((s) => s.connections);
  const jobs = useCompanion((s) => s.jobs);
  const runs = useCompanion((s) => s.runs);
  const employees = useCompanion((s) => s.employees.toArray());
  return useMemo(() => integrationOptions({ settings, connections, jobs, runs, employees }), [settings, connections, jobs, runs, employees]);
}

/** A select of `options` plus "all integrations" (value null). */
export function IntegrationScope(props: {
  id: string;
  value: string | null;
  onChange(next: string | null): void;
  options: readonly IntegrationOption[];
  maxWidth?: number;
}) {
  const { id, value, onChange, options, maxWidth = 320 } = props;
  return (
    <span className="toolbar-group">
      <label className="muted" htmlFor={id}>
        integration
      </label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} style={{ maxWidth }}>
        <option value="">all</option>
        {options.map((o) => (
          <option key={o.integrationId} value={o.integrationId}>
            {optionText(o)}
          </option>
        ))}
      </select>
    </span>
  );
}
