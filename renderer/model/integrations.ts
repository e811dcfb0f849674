/**
 * Which integrations the Setup screen knows about: the ones saved with a label in settings, plus any that
 * only has a sync job (a job started by `knit-sync demo` or `knit-sync sync start` without saving a label),
 * and which one the sync form opens on. Pure functions, no DOM.
 */
import type { IntegrationEntry, SyncJob } from '../../shared/api/types';

/** An integration as Setup lists it: `saved` is false when it exists only through its sync job. */
export interface KnownIntegration extends IntegrationEntry {
  saved: boolean;
}

/**
 * The saved integrations (in their saved order), then those that only have a job, newest job first, with an
 * empty label and the job's environment. Each integrationId appears once.
 */
export function knownIntegrations(saved: readonly IntegrationEntry[], jobs: readonly SyncJob[]): KnownIntegration[] {
  const ids = new Set(saved.map((i) => i.integrationId));
  const fromJobs = byNewestUpdate(jobs)
    .filter((j) => !ids.has(j.integrationId) && (ids.add(j.integrationId), true))
    .map((j) => ({ integrationId: j.integrationId, label: '', environment: j.environment, saved: false }));
  return [...saved.map((i) => ({ ...i, saved: true })), ...fromJobs];
}

/**
 * The integration the sync form starts on: that of the most recently updated job (ISO `updatedAt`), else the
 * first saved integration, else '' (the form then asks for an id).
 */
export function defaultIntegrationId(saved: readonly IntegrationEntry[], jobs: readonly SyncJob[]): string {
  return byNewestUpdate(jobs)[0]?.integrationId ?? saved[0]?.integrationId ?? '';
}

const byNewestUpdate = (jobs: readonly SyncJob[]): SyncJob[] => [...jobs].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
