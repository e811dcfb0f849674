/**
 * Connecting HR systems (issue 15): per-environment connect settings, `auth.createSession` with the
 * environment's key, the component pages (pages.ts), the component's events (onFinish adds the integration
 * with a label, onDeactivate marks it), `app.integration.activate` read defensively (shared/knit/activation.ts)
 * onto the integration, and the sync started on a clean activation when the environment's `autoStart` is on.
 * Everything is kept under `connect` in the settings document; every change reaches subscribers as a ConnectView.
 */
import type { Low } from 'lowdb';
import {
  ComponentEventSchema,
  IntegrationDetailsSchema,
  KNIT_COMPONENT_URL,
  type ActivationState,
  type ConnectedIntegration,
  type ConnectSettings,
  type ConnectSettingsInput,
  type ConnectView,
  type StartConnectInput,
  type StartConnectResult,
} from '../../../shared/api/connect';
import type { StartSyncInput } from '../../../shared/api/companion-api';
import type { Settings, SyncJob } from '../../../shared/api/types';
import { readActivation } from '../../../shared/knit/activation';
import { KnitClient } from '../knit/client';
import type { Logger } from '../log';
import type { CompanionDocument } from '../store/settings-document';
import { ConnectPages, type ConnectPage } from './pages';

/** What the service needs from the Companion. */
export interface ConnectionsDeps {
  db: Low<CompanionDocument>;
  log: Logger;
  /** The environment's API base and key (null when there is no such environment). */
  environment(name: string): Promise<{ baseUrl: string; apiKey: string | null } | null>;
  startSync(input: StartSyncInput): Promise<SyncJob>;
  /** Whether a start may give no destination and rely on the Companion's webhook URL (false: use the dashboard's). */
  hasDestination(): boolean;
  /** Saves the settings' integration labels (so every integration picker lists connected ones). */
  saveIntegrations(integrations: Settings['integrations']): Promise<void>;
  emit(view: ConnectView): void;
  /** The shell's own window for a page (Electron); true when it opened one. Headless: absent. */
  openWindow?: (page: ConnectPage) => Promise<boolean>;
  now?(): Date;
}

interface ConnectDocument {
  environments: Record<string, ConnectSettings>;
  integrations: ConnectedIntegration[];
}

/** Raised for input the user can fix; the Companion turns it into an InputError. */
export class ConnectError extends Error {}

/** The connect service; one per open Companion. */
export class Connections {
  readonly pages = new ConnectPages();
  openWindow: ConnectionsDeps['openWindow'];

  constructor(private readonly deps: ConnectionsDeps) {
    this.openWindow = deps.openWindow;
  }

  private get doc(): ConnectDocument {
    const data = this.deps.db.data as CompanionDocument & { connect?: ConnectDocument };
    const connect = data.connect;
    if (!connect || typeof connect !== 'object' || Array.isArray(connect))
      data.connect = { environments: Object.create(null) as Record<string, ConnectSettings>, integrations: [] };
    else {
      if (!Array.isArray(connect.integrations)) connect.integrations = [];
      // keyed by environment name: a null prototype, also after companion.json was read back
      if (!connect.environments || typeof connect.environments !== 'object') connect.environments = Object.create(null) as Record<string, ConnectSettings>;
      else if (Object.getPrototypeOf(connect.environments) !== null)
        connect.environments = Object.assign(Object.create(null) as Record<string, ConnectSettings>, connect.environments);
    }
    return data.connect!;
  }

  /** The connect settings of `environment` (defaults when none saved; the emulator's component for `demo` is set by the demo). */
  settingsOf(environment: string): ConnectSettings {
    const saved = Object.hasOwn(this.doc.environments, environment) ? this.doc.environments[environment] : undefined;
    return { componentUrl: KNIT_COMPONENT_URL, autoStart: true, registeredWebhookUrl: null, form: null, ...saved };
  }

  view(): ConnectView {
    const environments: Record<string, ConnectSettings> = Object.create(null) as Record<string, ConnectSettings>;
    for (const name of Object.keys(this.doc.environments)) environments[name] = this.settingsOf(name);
    return { integrations: this.doc.integrations, environments };
  }

  async saveSettings(input: ConnectSettingsInput): Promise<ConnectView> {
    const current = this.settingsOf(input.environment);
    this.doc.environments[input.environment] = {
      ...current,
      ...(input.componentUrl !== undefined && { componentUrl: checkedComponentUrl(input.componentUrl) }),
      ...(input.autoStart !== undefined && { autoStart: input.autoStart }),
      ...(input.registeredWebhookUrl !== undefined && { registeredWebhookUrl: input.registeredWebhookUrl }),
    };
    return this.changed();
  }

  /**
   * Creates a Knit auth session with the environment's key, remembers the form, and opens the component:
   * the shell's window when it has one, else a page path for the browser to open.
   * @throws ConnectError (no such environment, no key); KnitApiError from Knit
   */
  async start(input: Required<StartConnectInput>): Promise<StartConnectResult> {
    const env = await this.deps.environment(input.environment);
    if (!env) throw new ConnectError(`There is no environment named ${input.environment}.`);
    if (!env.apiKey) throw new ConnectError(`Set the API key of the ${input.environment} environment first: auth.createSession needs it.`);
    const { environment, apps, ...who } = input;
    const client = new KnitClient({ baseUrl: env.baseUrl, apiKey: env.apiKey, integrationId: null, environment });
    const sessionToken = await client.createSession({ ...who, ...(apps.length > 0 && { filters: [{ category: 'HRIS', apps }] }) });
    const settings = this.settingsOf(environment);
    this.doc.environments[environment] = { ...settings, form: { ...who, apps } };
    await this.changed();
    const page = this.pages.add({ environment, componentUrl: settings.componentUrl, sessionToken, originOrgName: who.originOrgName });
    this.deps.log.info(`connect ${page.connectId}: session created in ${environment} for ${who.originOrgId}`);
    const opened = this.openWindow ? await this.openWindow(page) : false;
    return { connectId: page.connectId, pagePath: opened ? null : `/connect/${page.token}` };
  }

  /**
   * One event of a component page (`token`: the page's one-purpose token).
   * @throws ConnectError for an unknown or expired page, or an event that is not one of Knit's four
   */
  async componentEvent(token: string, event: unknown): Promise<{ ok: true }> {
    const page = this.pages.find(token);
    if (!page) throw new ConnectError('This component page expired or is unknown: start again from Setup.');
    const parsed = ComponentEventSchema.safeParse(event);
    if (!parsed.success) throw new ConnectError("Not one of the component's events (onNewSession, onFinish, onDeactivate, onKnitClose).");
    const { type, detail } = parsed.data;
    this.deps.log.info(`connect ${page.connectId}: ${type}`);
    if (type !== 'onFinish' && type !== 'onDeactivate') return { ok: true };
    const details = IntegrationDetailsSchema.safeParse((detail as { integrationDetails?: unknown } | null)?.integrationDetails);
    if (!details.success) throw new ConnectError(`${type} carried no integrationDetails with an integrationId.`);
    const d = details.data;
    if (type === 'onFinish') {
      if (d.success === false) return { ok: true };
      const form = this.settingsOf(page.environment).form;
      this.upsert(d.integrationId, page.environment, {
        appId: d.appId ?? null,
        categoryId: d.categoryId ?? null,
        originOrgId: d.originOrgId ?? form?.originOrgId ?? null,
        originOrgName: page.originOrgName,
        testAccount: form?.testAccount ?? false,
        deactivatedAt: null,
      });
    } else {
      // a page deactivates only an integration it could have connected: one of its own environment
      const known = this.doc.integrations.find((i) => i.integrationId === d.integrationId);
      if (!known || known.environment !== page.environment)
        throw new ConnectError(`onDeactivate names ${d.integrationId}, which is not connected in ${page.environment}.`);
      this.upsert(d.integrationId, page.environment, { deactivatedAt: this.now() });
    }
    await this.saveLabels();
    await this.changed();
    return { ok: true };
  }

  /**
   * A stored `app.integration.activate`: the reading goes onto the integration (added if unknown), and a
   * clean activation starts the sync when the environment's autoStart is on. Never throws.
   */
  async onActivation(event: { eventId: string; body: unknown; integrationId: string | null; environment: string; receivedAt: string }): Promise<void> {
    try {
      const reading = readActivation(event.body, event.integrationId);
      if (!reading.integrationId) return this.deps.log.warn(`app.integration.activate ${event.eventId} names no integration: shown as an event only`);
      const known = this.doc.integrations.find((i) => i.integrationId === reading.integrationId);
      const environment = known?.environment ?? event.environment;
      const activation: ActivationState = {
        state: reading.state,
        errors: reading.errors,
        eventId: event.eventId,
        receivedAt: event.receivedAt,
        autoStart: null,
      };
      this.upsert(reading.integrationId, environment, { activation, ...(reading.appId && !known?.appId && { appId: reading.appId }) });
      await this.saveLabels();
      await this.changed();
      activation.autoStart = await this.autoStart(reading.integrationId, environment, reading.state);
      await this.changed();
    } catch (error) {
      this.deps.log.warn(`app.integration.activate ${event.eventId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The activation reading of a stored event, for its detail view. */
  activationOf(eventId: string): (ActivationState & { integrationId: string }) | null {
    const integration = this.doc.integrations.find((i) => i.activation?.eventId === eventId);
    return integration?.activation ? { ...integration.activation, integrationId: integration.integrationId } : null;
  }

  private async autoStart(integrationId: string, environment: string, state: 'activated' | 'failed'): Promise<ActivationState['autoStart']> {
    if (state === 'failed') return { skipped: 'the activation carries validation errors' };
    if (!this.settingsOf(environment).autoStart) return { skipped: `auto-start is off for ${environment}` };
    const settings = this.deps.db.data.settings;
    try {
      const job = await this.deps.startSync({
        integrationId,
        environment,
        models: settings.defaultModels,
        frequency: settings.defaultFrequency,
        ...(!this.deps.hasDestination() && { dashboardWebhook: true }),
      });
      this.deps.log.info(`activation of ${integrationId}: sync ${job.syncJobId} started (default models, ${job.frequency})`);
      return { syncJobId: job.syncJobId, at: this.now() };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  private upsert(integrationId: string, environment: string, patch: Partial<ConnectedIntegration>): void {
    const list = this.doc.integrations;
    const index = list.findIndex((i) => i.integrationId === integrationId);
    const base: ConnectedIntegration =
      index >= 0
        ? list[index]!
        : {
            integrationId,
            environment,
            appId: null,
            categoryId: null,
            originOrgId: null,
            originOrgName: null,
            label: '',
            testAccount: false,
            connectedAt: this.now(),
            deactivatedAt: null,
            activation: null,
          };
    const next = { ...base, ...patch };
    next.label = [next.appId, next.originOrgName ?? next.originOrgId].filter(Boolean).join(' · ') || integrationId;
    if (index >= 0) list[index] = next;
    else list.push(next);
  }

  /** Gives every connected integration its label in the settings' list (added, or relabelled when it had none). */
  private async saveLabels(): Promise<void> {
    const current = this.deps.db.data.settings.integrations;
    const next = [...current];
    for (const i of this.doc.integrations) {
      const at = next.findIndex((e) => e.integrationId === i.integrationId);
      if (at < 0) next.push({ integrationId: i.integrationId, label: i.label, environment: i.environment });
      else if (!next[at]!.label) next[at] = { ...next[at]!, label: i.label };
    }
    if (JSON.stringify(next) !== JSON.stringify(current)) await this.deps.saveIntegrations(next);
  }

  private async changed(): Promise<ConnectView> {
    await this.deps.db.write();
    const view = this.view();
    this.deps.emit(view);
    return view;
  }

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }
}

/** A component URL must be https, or http on loopback (the emulator). @throws ConnectError */
function checkedComponentUrl(text: string): string {
  const url = new URL(text);
  const loopback = url.hostname === '127.0.0.1' || url.hostname === '[::1]' || url.hostname === 'localhost';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new ConnectError('The component URL must be https (or http on 127.0.0.1 for the emulator).');
  return url.href;
}
