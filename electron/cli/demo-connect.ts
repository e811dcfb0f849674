/**
 * `knit-sync demo --connect [--app APP]`: the "Connect an HR system" path with no clicks, on the emulator.
 * The same steps as a person in the UI: the Companion's startConnect (auth.createSession with the demo key),
 * the emulated component completed for a new integration (the call its Connect button makes), the component's
 * onFinish passed back through the page's one-purpose token; the emulator then sends app.integration.activate
 * and the Companion's auto-start starts the sync. Prints `connected <integrationId> <app>` on stdout.
 */
import type { SyncJob } from '../../shared/api/types';
import type { CompanionService } from '../core/companion';
import { EMULATED_APPS } from '../core/emulator/auth-session';
import type { Emulator } from '../core/emulator/emulator';
import { CliError, usageError } from './errors';

/** The app `--app` names (default the first emulated one). @throws a usage error (exit 2) for another. */
export function demoApp(app: string | undefined): string {
  if (app === undefined) return EMULATED_APPS[0].appId;
  if (!EMULATED_APPS.some((a) => a.appId === app)) throw usageError(`--app must be one of ${EMULATED_APPS.map((a) => a.appId).join(', ')}, got "${app}"`);
  return app;
}

/** Connects `appId` through the emulated component; resolves with the new integration id once it is listed. */
export async function connectWithoutClicks(companion: CompanionService, emulator: Emulator, environment: string, appId: string): Promise<string> {
  const { pagePath } = await companion.startConnect({
    environment,
    originOrgId: 'org_demo',
    originOrgName: 'Demo Company',
    originUserEmail: 'demo@example.com',
    originUserName: 'Demo User',
    testAccount: true,
    apps: [appId],
  });
  const token = pagePath?.split('/').pop() ?? '';
  const page = companion.connect.page(token);
  if (!page) throw new CliError('the component page of the new session is missing');
  const integrationDetails = emulator.auth.complete(page.sessionToken, appId, false);
  await companion.connect.event(token, { type: 'onFinish', detail: { integrationDetails } });
  await companion.connect.event(token, { type: 'onKnitClose', detail: { knitClosed: true } });
  return integrationDetails.integrationId;
}

/** Resolves with the integration's sync job once the activation's auto-start saved it. @throws CliError when it failed */
export async function autoStartedJob(companion: CompanionService, integrationId: string): Promise<SyncJob> {
  for (;;) {
    const job = (await companion.listJobs()).find((j) => j.integrationId === integrationId);
    if (job) return job;
    const integration = (await companion.getConnections()).integrations.find((i) => i.integrationId === integrationId);
    const outcome = integration?.activation?.autoStart;
    if (outcome && 'error' in outcome) throw new CliError(`the sync did not start on activation: ${outcome.error}`);
    if (outcome && 'skipped' in outcome) throw new CliError(`the sync did not start on activation: ${outcome.skipped}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
