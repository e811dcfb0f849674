/**
 * The Companion: the product's core service, the same in the headless CLI and the Electron shell. It owns
 * the data folder (lock, store, settings document, rejected log), the webhook listener and the control
 * endpoint, and implements the CompanionApi (shared/api/companion-api.ts) over them. Inputs are validated once
 * per call, at the edge it came through (shared/api/dispatch.ts); updates reach subscribers in batches
 * (companion/updates.ts). Sync jobs and the tunnel are wired in companion/sync-and-tunnel.ts.
 */
import { randomBytes } from 'node:crypto';
import {
  COMPANION_METHODS,
  type CompanionApi,
  type CompanionMethod,
  type EmployeeQuery,
  type EventQuery,
  type ExportInput,
  type ExportResult,
  type PurgeInput,
  type PurgeResult,
  type ReplayInput,
  type CheckHandlerInput,
  type SaveForwardTargetsInput,
} from '../../shared/api/companion-api';
import type {
  CompanionStatus,
  EmployeeDetail,
  EmployeeSummary,
  EnvironmentInfo,
  EventDetail,
  EventSummary,
  ForwardTarget,
  ReplayResult,
  ReverifyResult,
  Settings,
  StoreProblem,
  SyncJob,
} from '../../shared/api/types';
import { pruneDepth } from '../../shared/api/json-depth';
import { BUILT_IN_ENVIRONMENTS } from '../../shared/knit/environments';
import { schemaWarnings, type EventEnvelope } from '../../shared/knit/events';
import { dispatch, parseInput } from '../../shared/api/dispatch';
import { ApiError, errorReply, failure, InputError, type ApiReply } from '../../shared/api/reply';
import { startControlServer, type ControlServer } from './companion/control-server';
import { SyncAndTunnel } from './companion/sync-and-tunnel';
import { checkForwardTarget } from './companion/handler-check';
import { AnswerShaper } from './workbench/answer-shaper';
import { Workbench } from './workbench/workbench';
import type { ComposedSendResult, ComposeEventInput, SaveWorkbenchInput, DeliverComposedInput, WorkbenchSettings } from '../../shared/api/workbench';
import { composeEvent, deliverComposed } from './workbench/compose-send';
import type { CheckReport } from '../../shared/api/check';
import { Forwarding } from './companion/forwarding';
import { EmployeeOrder } from './companion/employee-pages';
import { EventWindows } from './query/event-windows';
import type { EventWindow, EventWindowQuery } from '../../shared/api/event-filter';
import { UpdateBatcher } from './companion/updates';
import type { CompanionOptions, CompanionService } from './companion-service';
import { writeExport, type ExportFormat, type ExportKind } from './export/exporters';
import { createLogger, type Logger } from './log';
import { bodyText } from './receiver/envelope';
import { startListener, type Delivery, type Listener, type Reply } from './receiver/listener';
import { createPipeline } from './receiver/pipeline';
import { RejectedLog } from './receiver/rejected-log';
import { reverifyRejected } from './companion/reverify';
import { apiKeySecret, type SecretStore } from './secrets/secret-store';
import { matchesSignature, type VerificationKey } from './signature/verify';
import { NO_INTEGRATION, employeeKey, toEventSummary, type EventMeta } from './state/state';
import { dataFiles, DiskFullError, isDiskFull, prepareDataDir } from './store/data-dir';
import { acquireLock, setLockListener } from './store/lock';
import { openSettingsDocument, type CompanionDocument } from './store/settings-document';
import { Store } from './store/store';
import type { IntegrationRef, SetAuthtokenInput, StartSyncInput, UpdateSyncInput } from '../../shared/api/companion-api';
import { APP_VERSION } from './version';
import type { Low } from 'lowdb';
import type { ConnectSettingsInput, StartConnectInput } from '../../shared/api/connect';
import { ACTIVATION_EVENT_TYPE } from '../../shared/knit/activation';
import { ConnectError, Connections } from './connect/connections';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Opens the Companion on `options.dataDir`: takes the folder's lock, recovers the store, binds the listener.
 * @throws FolderLockedError when another process holds the folder; DiskFullError when its disk is full; an
 *   Error with code EADDRINUSE when the port is taken (everything opened so far is closed again).
 */
export async function openCompanion(options: CompanionOptions): Promise<CompanionService> {
  const log = options.log ?? createLogger({ dataDir: options.dataDir });
  const ownsLog = !options.log;
  const cleanups: Array<() => Promise<void>> = [];
  const undo = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    await prepareDataDir(options.dataDir);
    let companion: Companion | null = null;
    const token = randomBytes(24).toString('base64url');
    const starting = failure('failed', 'The Companion is still starting: try again in a moment.');
    const control = await startControlServer({ token, dataDir: options.dataDir, log, call: async (name, input) => (companion ? companion.controlCall(name, input) : starting) });
    cleanups.push(() => control.close());
    const release = await acquireLock(options.dataDir, { command: options.command ?? 'knit-sync serve', control: control.url, token }, log);
    cleanups.push(release);
    const { db, problem } = await openSettingsDocument(options.dataDir);
    if (problem) log.warn(problem.message); // like the store's problems: on stderr and in the log, not only in the UI
    const store = await Store.open({
      dataDir: options.dataDir,
      log,
      snapshotEveryLines: options.snapshotEveryLines,
      snapshotIntervalMs: options.snapshotIntervalMs,
    });
    cleanups.push(() => store.close());
    const rejected = new RejectedLog(dataFiles(options.dataDir).rejected, log, undefined, { bodiesDir: dataFiles(options.dataDir).refused });
    await rejected.load();
    companion = new Companion(options, log, db, store, rejected, control);
    cleanups.push(() => companion!.stopServing()); // a failed start must not leave the listener holding the process
    await companion.start();
    companion.checkIntegrity(); // once listening: it reads what the snapshot covers, in the background
    companion.setClose(async () => {
      await companion!.shutdown();
      await release();
      await control.close();
      if (ownsLog) await log.close();
    });
    return companion.service();
  } catch (error) {
    await undo();
    if (ownsLog) await log.close();
    throw isDiskFull(error) ? new DiskFullError(options.dataDir, error) : error;
  }
}

class Companion implements CompanionApi {
  private listener: Listener | null = null;
  /** The receiving pipeline's delivery handler (also what `reverifyRejected` goes through); set in start(). */
  private onDelivery: ((delivery: Delivery) => Promise<Reply>) | null = null;
  private keys: VerificationKey[] = [];
  private environments: EnvironmentInfo[] = [];
  private readonly updates: UpdateBatcher;
  /** The directory's (integrationId, recordId) order, kept between listEmployees calls. */
  private readonly employeeOrder = new EmployeeOrder();
  private readonly eventWindows = new EventWindows();
  /** Forward targets, attempts and replay (issue 7); opened in start(). */
  private forwarding!: Forwarding;
  /** Pass-through target and answer rules (issue 16); opened in start(). */
  private workbench!: Workbench;
  private readonly sync: SyncAndTunnel;
  /** Connecting HR systems through Knit's UI component (issue 15). */
  private readonly connections: Connections;
  private retentionTimer: NodeJS.Timeout | null = null;
  private readonly startedAt = new Date().toISOString();
  private closeFn: (() => Promise<void>) | null = null;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly options: CompanionOptions,
    private readonly log: Logger,
    private readonly db: Low<CompanionDocument>,
    private readonly store: Store,
    private readonly rejected: RejectedLog,
    private readonly control: ControlServer,
  ) {
    this.updates = new UpdateBatcher(() => this.statusNow());
    this.sync = new SyncAndTunnel({
      db,
      secrets: options.secrets,
      log,
      updates: this.updates,
      environments: () => this.environmentList(),
      listenerUrl: () => this.listener?.url ?? null,
      noTunnel: options.noTunnel ?? false,
      secretsRead: () => void this.reportSecretProblems(),
    });
    this.connections = new Connections({
      db,
      log,
      environment: async (name) => {
        const env = this.environmentList().find((e) => e.name === name);
        return env ? { baseUrl: env.baseUrl, apiKey: await this.secrets.get(apiKeySecret(name)) } : null;
      },
      startSync: (input) => this.sync.start(input),
      hasDestination: () => this.sync.destination() !== null,
      saveIntegrations: async (integrations) => void (await this.saveSettings({ integrations })),
      emit: (view) => this.updates.connectionsChanged(view),
    });
  }

  private get doc(): CompanionDocument {
    return this.db.data;
  }
  private get secrets(): SecretStore {
    return this.options.secrets;
  }

  async start(): Promise<void> {
    const found = [...this.store.problems];
    // later problems come from the background check of the journal's checksums (store.ts verifyCovered)
    this.store.onProblem = (problem) => {
      this.doc.problems.push(problem);
      this.updates.statusChanged();
      void this.db.write().catch(() => {});
    };
    if (found.length > 0) {
      this.doc.problems.push(...found);
      await this.db.write();
    }
    await this.refreshKeys();
    await this.applyRetention();
    this.retentionTimer = setInterval(() => void this.applyRetention(), DAY_MS);
    this.retentionTimer.unref();

    this.forwarding = await Forwarding.open({
      dataDir: this.options.dataDir,
      db: this.db,
      store: this.store,
      secrets: this.secrets,
      log: this.log,
      sink: this.updates,
      forwardTo: this.options.forwardTo,
      options: this.options.forwarding,
    });
    await this.reportSecretProblems(); // forward targets' credentials were read
    this.store.onApplied = (changes) => {
      this.forwarding.onStored(changes.event);
      if (!this.updates.subscribed) return;
      this.updates.event(toEventSummary(changes.event));
      if (changes.employee) this.updates.employee(changes.employee);
      if (changes.run) this.updates.run(changes.run);
    };
    this.workbench = new Workbench(this.db, this.options.workbench ?? {}, this.log);
    this.workbench.setTargets(await this.forwarding.listForwardTargets());
    this.store.onRetry = (event) => {
      if (!event) return this.updates.statusChanged();
      this.updates.eventChanged(toEventSummary(event));
      const run = event.syncRunId === null ? undefined : this.store.state.runs.get(event.syncRunId);
      if (run) this.updates.run(run);
    };
    this.store.onWriteState = (error) => void this.onWriteState(error);

    const shaper = new AnswerShaper({ config: () => this.workbench.config(), record: (attempt) => this.forwarding.recordAttempt(attempt) });
    const pipeline = createPipeline({
      keys: () => this.keys,
      jobEnvironment: (integrationId) => this.jobEnvironment(integrationId),
      accept: async (input) => {
        const result = await this.store.accept(input);
        if (result.kind === 'stored' && input.body.eventType === ACTIVATION_EVENT_TYPE) {
          const { eventId, body, integrationId, environment, receivedAt } = input;
          void this.connections.onActivation({ eventId, body, integrationId, environment, receivedAt });
        }
        return result;
      },
      reject: (entry, body) => this.updates.rejection(this.rejected.add(entry, body)),
      log: this.log,
      maxBodyBytes: this.options.maxBodyBytes,
      // the event is stored already: a failing shaper falls back to the usual 200 rather than losing the answer
      answer: (delivery, reply) =>
        shaper.answer(delivery, reply).catch((error: unknown) => {
          this.log.error(`answer for ${delivery.eventId} fell back to 200: ${error instanceof Error ? error.message : String(error)}`);
          return reply;
        }),
    });
    this.onDelivery = pipeline.onDelivery;
    if (this.options.listen === false) return;
    this.listener = await startListener({
      host: this.options.host,
      port: this.options.port ?? 8787,
      path: this.options.path ?? this.doc.settings.listenerPath ?? '/knithook',
      maxBodyBytes: this.options.maxBodyBytes,
      log: this.log,
      ...pipeline,
    });
    this.log.info(`listening on ${this.listener.url} (data folder ${this.options.dataDir})`);
    await setLockListener(this.options.dataDir, this.listener.url); // where `knit-sync send --data` posts
    this.sync.startTunnel(this.listener.port, this.options.tunnelProvider);
  }

  /** Starts the store's background check of what the snapshot covers, each body checked with its environment's key. */
  checkIntegrity(): void {
    void this.store.checkIntegrity((line, raw) => {
      const key = this.keys.find((k) => k.environment === line.environment)?.key;
      return key === undefined ? null : matchesSignature(raw, line.headers['x-knit-signature'], key);
    });
  }

  setClose(fn: () => Promise<void>): void {
    this.closeFn = fn;
  }

  /**
   * Stops what start() began, as far as it got: the retention timer, the tunnel, the listener (in-flight
   * requests finish), forwarding. Also the undo of a start that failed part-way.
   */
  async stopServing(): Promise<void> {
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    await this.sync.close();
    await this.listener?.close();
    await this.forwarding?.close();
  }

  /** Stops serving, then flushes the journal, snapshot, rejected log and settings. */
  async shutdown(): Promise<void> {
    await this.stopServing();
    await this.store.close();
    await this.rejected.flush();
    this.updates.close();
    await this.db.write().catch(() => {});
    this.log.info('closed');
  }

  /**
   * The CompanionService handed to the shell: the API methods bound, validating their input (the in-process
   * edge, e.g. the CLI's commands), `unchecked` for transports that validate at their own edge, listenerUrl, close.
   */
  service(): CompanionService {
    const checked = {} as Record<CompanionMethod, (input?: unknown) => Promise<unknown>>;
    const unchecked = {} as Record<CompanionMethod, (input?: unknown) => Promise<unknown>>;
    for (const method of COMPANION_METHODS) {
      const fn = (this[method] as (input?: unknown) => Promise<unknown>).bind(this);
      unchecked[method] = fn;
      checked[method] = async (input) => {
        const parsed = parseInput(method, input);
        if (!parsed.ok) throw new ApiError(parsed.code, parsed.error, parsed.fields);
        return fn(parsed.data);
      };
    }
    const subscribe = (listener: Parameters<CompanionApi['subscribe']>[0]) => this.updates.subscribe(listener);
    const self = this;
    const connections = this.connections;
    return Object.assign(checked as unknown as CompanionApi, {
      subscribe,
      connect: {
        page: (token: string) => connections.pages.find(token),
        event: (token: string, event: unknown) => connections.componentEvent(token, event),
        setWindowOpener: (open: Connections['openWindow'] | null) => void (connections.openWindow = open ?? undefined),
      },
      unchecked: Object.assign(unchecked as unknown as CompanionApi, { subscribe }),
      get listenerUrl() {
        return self.listener?.url ?? '';
      },
      close: () => (this.closing ??= this.closeFn ? this.closeFn() : Promise.resolve()),
    });
  }

  /** One call through the control endpoint: the options' extra methods (own names only), else the CompanionApi. */
  async controlCall(name: string, input: unknown): Promise<ApiReply> {
    const extra = this.options.controlMethods;
    if (!extra || !Object.hasOwn(extra, name)) return dispatch(this, name, input);
    try {
      return { ok: true, result: (await (extra[name] as (input: unknown) => Promise<unknown>)(input)) ?? null };
    } catch (error) {
      return errorReply(error);
    }
  }

  // ---- queries ----

  async getStatus(): Promise<CompanionStatus> {
    return this.statusNow();
  }

  private statusNow(): CompanionStatus {
    const url = this.listener?.url ?? null;
    const state = this.store.state;
    return {
      version: APP_VERSION,
      startedAt: this.startedAt,
      dataDir: this.options.dataDir,
      listener: { url, state: url ? 'listening' : 'starting', error: null },
      tunnel: this.sync.tunnelStatus(),
      destination: this.sync.destination(),
      destinationWarning: this.sync.destinationWarning(),
      counts: { received: state.events.size, rejected: this.rejected.total, retries: state.retries, employees: state.activeEmployees() },
      environments: this.environments,
      problems: this.doc.problems,
    };
  }

  async getSettings(): Promise<Settings> {
    return this.doc.settings;
  }

  async listEvents(query: EventQuery = {}): Promise<EventSummary[]> {
    const state = this.store.state;
    const limit = query.limit ?? 5_000;
    const out: EventSummary[] = [];
    for (let i = state.indexAfter(query.afterSeq ?? 0); i < state.order.length && out.length < limit; i++) {
      const meta = state.events.get(state.order[i] as string);
      if (!meta) continue;
      if (query.integrationId !== undefined && (meta.integrationId ?? NO_INTEGRATION) !== query.integrationId) continue;
      if (query.syncRunId !== undefined && meta.syncRunId !== query.syncRunId) continue;
      if (query.recordId !== undefined && meta.recordId !== query.recordId) continue;
      out.push(toEventSummary(meta));
    }
    return out;
  }

  async queryEvents(query: EventWindowQuery): Promise<EventWindow> {
    return this.eventWindows.query(this.store.state, query);
  }

  async getEvent({ eventId }: { eventId: string }): Promise<EventDetail | null> {
    const meta = this.store.state.events.get(eventId);
    if (!meta) return null;
    const read = await this.store.readEvent(meta);
    if (!read) return null;
    // Bounded in depth so that the answer can be serialized (JSON, structured clone); Raw keeps everything.
    const body = pruneDepth(parseBody(read.raw)).value;
    const prevMeta = meta.prevSeq !== null ? this.store.state.bySeq(meta.prevSeq) : undefined;
    const prevRead = prevMeta ? await this.store.readEvent(prevMeta) : null;
    return {
      ...toEventSummary(meta),
      headers: read.line.headers,
      rawBody: read.raw.toString('utf8'),
      body,
      previous:
        prevMeta && prevRead
          ? { seq: prevMeta.seq, eventId: prevMeta.eventId, eventType: prevMeta.eventType, receivedAt: prevMeta.receivedAt, body: pruneDepth(parseBody(prevRead.raw)).value }
          : null,
      warnings: body && typeof body === 'object' ? schemaWarnings(body as EventEnvelope) : [],
      forwards: this.forwarding.attemptsOf(eventId),
      ...(meta.eventType === ACTIVATION_EVENT_TYPE && { activation: this.connections.activationOf(eventId) }),
    };
  }

  async listRuns() {
    return [...this.store.state.runs.values()].sort((a, b) => (a.firstEventAt < b.firstEventAt ? -1 : a.firstEventAt > b.firstEventAt ? 1 : 0));
  }

  async listEmployees(query: EmployeeQuery = {}): Promise<EmployeeSummary[]> {
    return this.employeeOrder.list(this.store.state.employees, query);
  }

  async getEmployee({ integrationId, recordId }: { integrationId: string; recordId: string }): Promise<EmployeeDetail | null> {
    const state = this.store.state;
    const summary = state.employees.get(employeeKey(integrationId, recordId));
    if (!summary) return null;
    const meta = state.events.get(summary.lastEventId);
    const read = meta ? await this.store.readEvent(meta) : null;
    const body = read ? pruneDepth(parseBody(read.raw)).value : null;
    const data = body && typeof body === 'object' ? (body as { eventData?: unknown }).eventData : null;
    const timeline: EventSummary[] = [];
    for (const id of state.order) {
      const e = state.events.get(id) as EventMeta;
      if (e.recordId === recordId && (e.integrationId ?? NO_INTEGRATION) === integrationId && e.eventType.startsWith('record.')) timeline.push(toEventSummary(e));
    }
    return { ...summary, data: data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {}, timeline };
  }

  async listRejected() {
    return this.rejected.list();
  }

  async listJobs(): Promise<SyncJob[]> {
    return this.sync.jobs.list();
  }

  // ---- commands ----

  async saveSettings(patch: Partial<Settings>): Promise<Settings> {
    const before = this.doc.settings;
    this.doc.settings = { ...this.doc.settings, ...patch };
    await this.db.write();
    this.updates.settingsChanged(this.doc.settings);
    if (this.doc.settings.retentionDays !== before.retentionDays) await this.applyRetention();
    await this.sync.settingsChanged(before);
    return this.doc.settings;
  }

  async setApiKey({ environment, key }: { environment: string; key: string | null }): Promise<EnvironmentInfo[]> {
    if (!this.environmentList().some((e) => e.name === environment)) throw new InputError(`There is no environment named ${environment}.`, 'environment');
    await this.secrets.set(apiKeySecret(environment), key);
    await this.refreshKeys();
    this.log.info(`API key of ${environment} ${key === null ? 'deleted' : 'saved'}`);
    return this.environments;
  }

  async saveEnvironment({ name, baseUrl }: { name: string; baseUrl: string }): Promise<EnvironmentInfo[]> {
    if (BUILT_IN_ENVIRONMENTS.some((e) => e.name === name)) throw new InputError(`${name} is built in and cannot be changed: choose another name.`, 'name');
    this.doc.environments = [...this.doc.environments.filter((e) => e.name !== name), { name, baseUrl }];
    await this.db.write();
    await this.refreshKeys();
    return this.environments;
  }

  async deleteEnvironment({ name }: { name: string }): Promise<EnvironmentInfo[]> {
    if (BUILT_IN_ENVIRONMENTS.some((e) => e.name === name)) throw new InputError(`${name} is built in and cannot be deleted.`, 'name');
    this.doc.environments = this.doc.environments.filter((e) => e.name !== name);
    await this.db.write();
    await this.secrets.set(apiKeySecret(name), null).catch(() => {});
    await this.refreshKeys();
    return this.environments;
  }

  async setNgrokAuthtoken({ token }: SetAuthtokenInput): Promise<CompanionStatus> {
    await this.sync.setAuthtoken(token);
    return this.statusNow();
  }

  async reverifyRejected(): Promise<ReverifyResult> {
    if (!this.onDelivery) throw new Error('The Companion is not started.');
    const result = await reverifyRejected({ rejected: this.rejected, keys: this.keys, onDelivery: this.onDelivery });
    this.log.info(`checked ${result.checked} refused deliveries again: ${result.stored} stored, ${result.duplicate} duplicate, ${result.stillRefused} still refused`);
    // the rejected log changed under the subscribers' copies: they query again (as after a purge)
    if (result.checked > 0) this.updates.purged();
    return result;
  }

  async dismissProblem({ id }: { id: string }): Promise<CompanionStatus> {
    this.doc.problems = this.doc.problems.filter((p) => p.id !== id);
    await this.db.write();
    this.updates.statusChanged();
    return this.statusNow();
  }

  async startSync(input: StartSyncInput): Promise<SyncJob> {
    return this.sync.start(input);
  }
  async updateSync(input: UpdateSyncInput): Promise<SyncJob> {
    return this.sync.jobs.update(input);
  }
  async pauseSync(input: IntegrationRef): Promise<SyncJob> {
    return this.sync.jobs.pause(input);
  }
  async resumeSync(input: IntegrationRef): Promise<SyncJob> {
    return this.sync.jobs.resume(input);
  }

  async exportData(input: ExportInput): Promise<ExportResult> {
    const request = { ...input, format: input.format ?? 'ndjson' };
    const parts: string[] = [];
    const rows = await writeExport(
      { store: this.store, rejected: this.rejected.list() },
      { kind: request.kind as ExportKind, format: request.format as ExportFormat, integrationId: request.integrationId, includeDeleted: request.includeDeleted, eventIds: request.eventIds },
      (chunk) => void parts.push(chunk),
    ).catch((error: Error) => {
      throw new InputError(error.message);
    });
    const csv = request.format === 'csv';
    return {
      filename: `knit-${request.kind}-${new Date().toISOString().slice(0, 10)}.${csv ? 'csv' : 'ndjson'}`,
      mimeType: csv ? 'text/csv' : 'application/x-ndjson',
      content: parts.join(''),
      rows,
    };
  }

  async purge(input: PurgeInput): Promise<PurgeResult> {
    const cutoff = input.olderThanDays !== undefined ? new Date(Date.now() - input.olderThanDays * DAY_MS).toISOString() : null;
    const result = await this.store.purge(
      (meta) => (input.all || (meta.integrationId ?? NO_INTEGRATION) === input.integrationId) && (cutoff === null || meta.receivedAt < cutoff),
    );
    if (input.all && cutoff === null) await this.rejected.clear();
    await this.forwarding?.forgetPurged(); // not yet open during the retention purge at start
    this.updates.purged();
    this.log.info(`purge ${input.all ? 'all' : `integration ${input.integrationId}`}${cutoff ? ` older than ${input.olderThanDays} days` : ''}: ${result.events} events, ${result.employees} employees`);
    return result;
  }

  listForwardTargets(): Promise<ForwardTarget[]> {
    return this.forwarding.listForwardTargets();
  }
  async saveForwardTargets(input: SaveForwardTargetsInput): Promise<ForwardTarget[]> {
    const targets = await this.forwarding.saveForwardTargets(input);
    this.workbench.setTargets(targets);
    return targets;
  }
  replay(input: ReplayInput): Promise<ReplayResult> {
    return this.forwarding.replay(input);
  }
  async getWorkbench(): Promise<WorkbenchSettings> {
    return this.workbench.get();
  }
  saveWorkbench(input: SaveWorkbenchInput): Promise<WorkbenchSettings> {
    return this.workbench.save(input);
  }
  composeEvent(input: ComposeEventInput): Promise<{ body: string }> {
    return composeEvent(input, this.composeDeps());
  }
  deliverComposed(input: DeliverComposedInput): Promise<ComposedSendResult> {
    return deliverComposed(input, this.composeDeps());
  }
  private composeDeps() {
    return { getEvent: (i: { eventId: string }) => this.getEvent(i), environments: () => this.environmentList(), secrets: this.secrets };
  }
  checkHandler(input: CheckHandlerInput): Promise<CheckReport> {
    return checkForwardTarget(input, { targets: () => this.forwarding.listForwardTargets(), environments: () => this.environmentList(), secrets: this.secrets, log: this.log });
  }

  async getConnections() {
    return this.connections.view();
  }
  saveConnectSettings(input: ConnectSettingsInput) {
    return this.connections.saveSettings(input).catch(asInputError);
  }
  startConnect(input: StartConnectInput) {
    return this.connections.start(input as Required<StartConnectInput>).catch(asInputError);
  }

  subscribe(listener: Parameters<CompanionApi['subscribe']>[0]) {
    return this.updates.subscribe(listener);
  }

  // ---- internals ----

  private environmentList(): Array<{ name: string; baseUrl: string; builtIn: boolean }> {
    return [...BUILT_IN_ENVIRONMENTS.map((e) => ({ ...e, builtIn: true })), ...this.doc.environments.map((e) => ({ ...e, builtIn: false }))];
  }

  /** Re-reads the keys of every environment from the SecretStore (the per-request path uses the cache). */
  private async refreshKeys(): Promise<void> {
    const keys: VerificationKey[] = [];
    const infos: EnvironmentInfo[] = [];
    for (const env of this.environmentList()) {
      const { value: key, status } = await this.secrets.read(apiKeySecret(env.name));
      if (key) keys.push({ environment: env.name, key });
      infos.push({ name: env.name, baseUrl: env.baseUrl, builtIn: env.builtIn, keySet: key !== null, keyLast4: status.last4, key: status });
    }
    this.keys = keys;
    this.environments = infos;
    this.updates.statusChanged();
    await this.reportSecretProblems();
  }

  /** Moves the SecretStore's new problems (corrupt file set aside, undecryptable key) to the UI and the log. */
  private async reportSecretProblems(): Promise<void> {
    const problems = this.secrets.takeProblems();
    if (problems.length === 0) return;
    for (const problem of problems) this.log.warn(problem.message);
    this.doc.problems.push(...problems);
    this.updates.statusChanged();
    await this.db.write().catch(() => {});
  }

  private jobEnvironment(integrationId: string | null): string | null {
    if (integrationId === null || !Array.isArray(this.doc.jobs)) return null;
    for (const job of this.doc.jobs) {
      const j = job as { integrationId?: unknown; environment?: unknown };
      if (j?.integrationId === integrationId && typeof j.environment === 'string') return j.environment;
    }
    return null;
  }

  private async applyRetention(): Promise<void> {
    const days = this.doc.settings.retentionDays;
    if (!days) return;
    try {
      await this.purge({ all: true, olderThanDays: days });
    } catch (error) {
      this.log.warn(`retention purge failed: ${(error as Error).message}`);
    }
  }

  private async onWriteState(error: Error | null): Promise<void> {
    if (error) {
      const problem: StoreProblem = {
        id: `write-failed-${Date.now()}`,
        at: new Date().toISOString(),
        kind: 'write-failed',
        message: `Events cannot be written to the journal (${(error as NodeJS.ErrnoException).code ?? error.message}); Knit gets 503 and will retry.`,
        setAsidePath: null,
      };
      this.doc.problems.push(problem);
    }
    this.updates.statusChanged();
    await this.db.write().catch(() => {});
  }
}

/** A ConnectError is the user's to fix: an InputError (400 over HTTP); others pass unchanged. */
function asInputError(error: unknown): never {
  throw error instanceof ConnectError ? new InputError(error.message) : error;
}

function parseBody(raw: Buffer): unknown {
  try {
    return JSON.parse(bodyText(raw));
  } catch {
    return null;
  }
}
