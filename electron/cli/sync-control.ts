/**
 * `knit-sync sync <start|update|pause|resume>` as one request, run against a CompanionApi: the `sync` method of
 * a running serve's (or demo's) control endpoint, and what `sync` runs itself when no process holds the folder.
 * `start` fills models and frequency from the settings' defaults and passes the start options of either of
 * Knit's bodies (syncType, honorScheduler, includeInactiveRecords, startHour/startMinute, dashboardWebhook).
 * Bad input is an `invalid_input` ApiError (exit 2);
 * Knit's and the service's refusals keep their one-sentence messages (exit 1).
 */
import { z } from 'zod';
import { StartOptionsSchema, type CompanionApi } from '../../shared/api/companion-api';
import type { SyncJob } from '../../shared/api/types';
import { EMPLOYEE_MODEL_IDS, SYNC_FREQUENCY_IDS } from '../../shared/knit/models';
import { fieldErrors } from '../../shared/api/dispatch';
import { ApiError } from '../../shared/api/reply';

export const SYNC_ACTIONS = ['start', 'update', 'pause', 'resume'] as const;

/** One sync request: the action, the integration, and the fields that action takes. */
export const SyncRequestSchema = z.object({
  action: z.enum(SYNC_ACTIONS),
  integrationId: z.string().min(1).max(512),
  environment: z.string().optional(),
  models: z.array(z.enum(EMPLOYEE_MODEL_IDS)).min(1).optional(),
  frequency: z.enum(SYNC_FREQUENCY_IDS).optional(),
  destination: z.string().optional(),
  ...StartOptionsSchema.shape,
});
export type SyncRequest = z.infer<typeof SyncRequestSchema>;

/** Runs a sync request. @returns the job as saved. @throws ApiError `invalid_input` for a bad request. */
export async function runSync(api: CompanionApi, input: unknown): Promise<SyncJob> {
  const parsed = SyncRequestSchema.safeParse(input);
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error.issues);
    throw new ApiError('invalid_input', fields.map((f) => f.message).join(' '), fields);
  }
  const { action, integrationId, environment, models, frequency, destination, ...options } = parsed.data;
  switch (action) {
    case 'start': {
      const settings = await api.getSettings();
      return api.startSync({
        integrationId,
        ...(environment && { environment }),
        models: models ?? settings.defaultModels,
        frequency: frequency ?? settings.defaultFrequency,
        ...(destination && { destination }),
        ...options,
      });
    }
    case 'update':
      return api.updateSync({ integrationId, ...(models && { models }), ...(frequency && { frequency }), ...(destination && { destination }) });
    case 'pause':
      return api.pauseSync({ integrationId });
    case 'resume':
      return api.resumeSync({ integrationId });
  }
}

/** The control methods a process holding the folder offers for `knit-sync sync`; `api()` is null while opening. */
export function syncControlMethods(api: () => CompanionApi | null): Record<string, (input: unknown) => Promise<unknown>> {
  return {
    sync: async (input) => {
      const companion = api();
      if (!companion) throw new Error('The Companion is still starting: try again in a moment.');
      return runSync(companion, input);
    },
  };
}
