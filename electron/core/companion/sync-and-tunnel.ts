/**
 * The Companion's sync jobs and tunnel, wired together (ARCHITECTURE.md "Tunnel", issue 3 "Destination"):
 * - the TunnelManager gives the listener a public URL (ngrok, manual or off), started once the listener is
 *   bound and never awaited at startup;
 * - the destination Knit should call is the tunnel's public URL + the listener path, else the listener URL
 *   (with a warning: Knit cannot reach loopback);
 * - SyncJobs (electron/core/sync) calls Knit; its jobs live under `jobs` of the settings document, keys come
 *   from the SecretStore, changed jobs reach subscribers in update batches;
 * - a new public URL marks jobs whose destination differs as stale (and updates them when the user opted in);
 *   without a public URL nothing is stale (a job may point at the user's own tunnel, or at a local emulator).
 */
import type { Low } from 'lowdb';
import type { StartSyncInput } from '../../../shared/api/companion-api';
import type { SecretStatus, Settings, SyncJob, TunnelStatus } from '../../../shared/api/types';
import type { Logger } from '../log';
import { apiKeySecret, NGROK_AUTHTOKEN_SECRET, secretStatus, type SecretStore } from '../secrets/secret-store';
import type { CompanionDocument } from '../store/settings-document';
import { SyncJobs } from '../sync/sync-jobs';
import type { SyncEnvironment } from '../sync/types';
import { createNgrokProvider } from '../tunnel/ngrok-provider';
import type { TunnelProvider } from '../tunnel/provider';
import { tunnelConfigFrom, webhookUrlOf } from '../tunnel/tunnel-config';
import { TunnelManager } from '../tunnel/tunnel-manager';
import type { UpdateBatcher } from './updates';

/** Shown beside a loopback destination. */
export const LOOPBACK_WARNING = 'This is a loopback address: Knit cannot reach it. Start a tunnel or set a public URL.';

/** What the wiring needs from the Companion. */
export interface SyncAndTunnelDeps {
  db: Low<CompanionDocument>;
  secrets: SecretStore;
  log: Logger;
  updates: UpdateBatcher;
  /** Every environment (built in and custom) with its base URL. */
  environments(): Array<{ name: string; baseUrl: string }>;
  /** The bound listener's URL, null before it is bound or when the Companion does not listen. */
  listenerUrl(): string | null;
  /** `--no-tunnel`: mode `off` whatever the settings say. */
  noTunnel: boolean;
  /** Called after secrets were read, so that the problems found on the way are reported. */
  secretsRead(): void;
}

/** The Companion's SyncJobs and TunnelManager; one per open Companion. */
export class SyncAndTunnel {
  readonly jobs: SyncJobs;
  private tunnel: TunnelManager | null = null;
  private authtoken: SecretStatus = secretStatus(null, null);
  private closed = false;

  constructor(private readonly deps: SyncAndTunnelDeps) {
    this.jobs = new SyncJobs({
      environment: (name) => this.environment(name),
      defaultEnvironment: (integrationId) =>
        this.settings.integrations.find((i) => i.integrationId === integrationId)?.environment ?? this.settings.activeEnvironment,
      loadJobs: () => (Array.isArray(this.doc.jobs) ? (this.doc.jobs as SyncJob[]) : []),
      saveJobs: async (jobs) => {
        this.doc.jobs = jobs;
        await deps.db.write();
      },
      // Staleness is judged against the public URL only: a loopback listener is no URL to move a job to.
      publicWebhookUrl: () => this.publicWebhookUrl(),
      autoUpdateDestination: () => this.settings.autoUpdateDestination,
      emit: (jobs) => {
        for (const job of jobs) deps.updates.job(job);
      },
      log: (line) => deps.log.info(line),
    });
  }

  private get doc(): CompanionDocument {
    return this.deps.db.data;
  }
  private get settings(): Settings {
    return this.doc.settings;
  }

  /** The path the listener is bound on (the saved one before it is bound). */
  private listenerPath(): string {
    const url = this.deps.listenerUrl();
    return url ? new URL(url).pathname : this.settings.listenerPath;
  }

  /**
   * Starts the tunnel towards the listener on `port` (call once the listener is bound). Does not wait for
   * ngrok: its status arrives in update batches.
   */
  startTunnel(port: number, provider: TunnelProvider = createNgrokProvider()): void {
    const tunnel = new TunnelManager({ provider, port, log: (line) => this.deps.log.info(line) });
    this.tunnel = tunnel;
    tunnel.onStatus(() => this.deps.updates.statusChanged());
    tunnel.onPublicUrl(({ url }) => void this.jobs.onPublicUrlChanged(webhookUrlOf(url, this.listenerPath())));
    void this.reconfigure();
  }

  /** Applies the saved tunnel settings and authtoken; resolves once the first attempt settled. */
  async reconfigure(): Promise<TunnelStatus> {
    const { value: authtoken, status } = await this.deps.secrets.read(NGROK_AUTHTOKEN_SECRET);
    this.authtoken = status;
    this.deps.secretsRead();
    if (!this.tunnel || this.closed) {
      this.deps.updates.statusChanged();
      return this.tunnelStatus();
    }
    return { ...(await this.tunnel.configure(tunnelConfigFrom(this.settings, authtoken, { noTunnel: this.deps.noTunnel }))), authtoken: this.authtoken };
  }

  /** Saves (or with null, deletes) the ngrok authtoken and reconnects. The token is never logged or returned. */
  async setAuthtoken(token: string | null): Promise<void> {
    await this.deps.secrets.set(NGROK_AUTHTOKEN_SECRET, token);
    this.deps.log.info(`ngrok authtoken ${token === null ? 'deleted' : 'saved'}`);
    await this.reconfigure();
  }

  /** After saveSettings: reconnects when a tunnel setting changed, pushes the URL to stale jobs when opted in. */
  async settingsChanged(before: Settings): Promise<void> {
    const after = this.settings;
    if (before.tunnelMode !== after.tunnelMode || before.ngrokDomain !== after.ngrokDomain || before.publicUrl !== after.publicUrl) {
      await this.reconfigure();
    }
    if (!before.autoUpdateDestination && after.autoUpdateDestination) {
      const url = this.publicWebhookUrl();
      if (url) await this.jobs.onPublicUrlChanged(url);
    }
  }

  /** CompanionStatus.tunnel. Without a listener (a command on the folder) the tunnel is off. */
  tunnelStatus(): TunnelStatus {
    if (this.tunnel) return { ...this.tunnel.status, authtoken: this.authtoken };
    const settings = this.settings;
    return {
      mode: settings.tunnelMode,
      state: 'off',
      publicUrl: null,
      error: null,
      authtokenSet: this.authtoken.state === 'set',
      domain: settings.ngrokDomain,
      authtoken: this.authtoken,
    };
  }

  /**
   * The public webhook URL: the tunnel's URL + the listener path; without a running tunnel manager (no
   * listener), the manual public URL of the settings. Null when there is none.
   */
  publicWebhookUrl(): string | null {
    if (this.tunnel) return webhookUrlOf(this.tunnel.status.publicUrl, this.listenerPath());
    const config = tunnelConfigFrom(this.settings, null, { noTunnel: this.deps.noTunnel });
    return config.mode === 'manual' ? webhookUrlOf(config.manualUrl, this.listenerPath()) : null;
  }

  /** The webhook URL Knit should call: the public one, else the listener URL. */
  destination(): string | null {
    return this.publicWebhookUrl() ?? this.deps.listenerUrl();
  }

  /**
   * Why `destination()` will not work from Knit, or null: a loopback listener cannot be reached from Knit's
   * cloud, but it can from a Knit API on this machine (the active environment's base URL is loopback, as the
   * demo's emulator is).
   */
  destinationWarning(): string | null {
    if (this.publicWebhookUrl()) return null;
    const active = this.deps.environments().find((e) => e.name === this.settings.activeEnvironment);
    return active && isLoopbackUrl(active.baseUrl) ? null : LOOPBACK_WARNING;
  }

  /**
   * `sync.start`; the destination defaults to `destination()`: the public webhook URL, else the listener (for a
   * Knit on this machine, like the demo's emulator).
   */
  start(input: StartSyncInput): Promise<SyncJob> {
    const destination = input.destination ?? this.destination() ?? undefined;
    return this.jobs.start({ ...input, ...(destination && { destination }) });
  }

  /** Closes the tunnel (before the listener stops). */
  async close(): Promise<void> {
    this.closed = true;
    await this.tunnel?.close();
  }

  private async environment(name: string): Promise<SyncEnvironment | null> {
    const env = this.deps.environments().find((e) => e.name === name);
    if (!env) return null;
    return { name: env.name, baseUrl: env.baseUrl, apiKey: await this.deps.secrets.get(apiKeySecret(env.name)) };
  }
}

/** Whether `url` names this machine: localhost, 127.0.0.0/8 or [::1] (RFC 6761 section 6.3, RFC 1122). */
function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
  } catch {
    return false;
  }
}
