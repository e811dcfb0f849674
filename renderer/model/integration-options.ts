/**
 * Every integration the user may scope a screen to: those with data (employees, runs), a sync job, a saved
 * label or a connection, each once, with its label ("app · organisation" for connected ones, the saved label,
 * else none). Pure, no DOM.
 */
import type { ConnectView } from '../../shared/api/connect';
import type { RunSummary, Settings, SyncJob } from '../../shared/api/types';

/** One choice of an integration picker. */
export interface IntegrationOption {
  integrationId: string;
  /** '' when nothing names it. */
  label: string;
}

/** The options, labelled ones first in the order met, then the rest by id. */
export function integrationOptions(input: {
  settings: Settings | null;
  connections: ConnectView | null;
  jobs: readonly SyncJob[];
  runs: readonly RunSummary[];
  /** The integrationIds of stored employees known to the renderer. */
  employeeIntegrations: readonly string[];
}): IntegrationOption[] {
  const labels = new Map<string, string>();
  for (const c of input.connections?.integrations ?? []) labels.set(c.integrationId, c.label);
  for (const i of input.settings?.integrations ?? []) if (i.label && !labels.has(i.integrationId)) labels.set(i.integrationId, i.label);
  const ids = new Set<string>(labels.keys());
  for (const j of input.jobs) ids.add(j.integrationId);
  for (const r of input.runs) if (r.integrationId) ids.add(r.integrationId);
  for (const id of input.employeeIntegrations) ids.add(id);
  return [...ids]
    .map((integrationId) => ({ integrationId, label: labels.get(integrationId) ?? '' }))
    .sort((a, b) => ((a.label === '') !== (b.label === '') ? (a.label ? -1 : 1) : a.label ? 0 : a.integrationId.localeCompare(b.integrationId)));
}

/** "label · id", or the id alone. */
export const optionText = (o: IntegrationOption): string => (o.label ? `${o.label} · ${o.integrationId}` : o.integrationId);
