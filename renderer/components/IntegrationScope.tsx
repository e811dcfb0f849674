/**
 * The integration a screen is scoped to: a select of every integration with data or a label ("label · id"),
 * and "all integrations". `useIntegrationOptions` gives the same list to other pickers.
 */
import { useMemo } from 'react';
import { integrationOptions, optionText, type IntegrationOption } from '../model/integration-options';
import { useCompanion } from '../state/use-companion';

const NONE: readonly string[] = [];

/** Every integration to choose from (model/integration-options.ts), from the store, plus `extra` ids (e.g. those a query answered). */
export function useIntegrationOptions(extra: readonly string[] = NONE): IntegrationOption[] {
  const settings = useCompanion((s) => s.settings);
  const connections = useCompanion((s) => s.connections);
  const jobs = useCompanion((s) => s.jobs);
  const runs = useCompanion((s) => s.runs);
  const fromBatches = useCompanion((s) => s.employeeIntegrations);
  const employeeIntegrations = useMemo(() => (extra.length === 0 ? fromBatches : [...fromBatches, ...extra]), [fromBatches, extra]);
  return useMemo(
    () => integrationOptions({ settings, connections, jobs, runs, employeeIntegrations }),
    [settings, connections, jobs, runs, employeeIntegrations],
  );
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
