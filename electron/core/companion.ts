/**
 * The Companion: the product's core service, the same in the headless CLI and the Electron shell. It owns
 * the data folder (lock, store, settings document, rejected log), the webhook listener and the control
 * endpoint, and implements the CompanionApi (shared/api/companion-api.ts) over them. Inputs are validated with
 * COMPANION_INPUTS; updates reach subscribers in batches (companion/updates.ts). Sync jobs and the tunnel are
 * wired in companion/sync-and-tunnel.ts.
 */
import { randomBytes } from 'node:crypto';
import {
  COMPANION_INPUTS,
  ExportSchema,
  type CompanionApi,
  type CompanionMethod,
  type EmployeeQuery,
  type EventQuery,
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
  Settings,
  StoreProblem,
  SyncJob,
} from '../../shared/api/types';
import { BUILT_IN_ENVIRONMENTS } from '../../shared/knit/environments';
import { schemaWarnings, type EventEnvelope } from '../../shared/knit/events';
import { InputError, startControlServer, type ControlMethod, type ControlServer } from './companion/control-server';
import { SyncAndTunnel } from './companion/sync-and-tunnel';
import { checkForwardTarget } from './companion/handler-check';
import { AnswerShaper } from './workbench/answer-shaper';
import { Workbench } from './workbench/workbench';
import type { ComposedSendResult, ComposeEventInput, SaveWorkbenchInput, DeliverComposedInput, WorkbenchSettings } from '../../shared/api/workbench';
import { composeEvent, deliverComposed } from './workbench/compose-send';
import type { CheckReport } from '../../shared/api/check';
import { Forwarding } from './companion/forwarding';
import { EmployeeOrder } from './companion/employee-pages';
import { UpdateBatcher } from './companion/updates';
import type { CompanionOptions, CompanionService } from './companion-service';
import { writeExport, type ExportFormat, type ExportKind } from './export/exporters';
import { createLogger, type Logger } from './log';
import { bodyText } from './receiver/envelope';
import { startListener, type Listener } from './receiver/listener';
import { createPipeline } from './receiver/pipeline';
import { RejectedLog } from './receiver/rejected-log';
import { apiKeySecret, type SecretStore } from './secrets/secret-store';
import type { VerificationKey } from './signature/verify';
import { NO_INTEGRATION, employeeKey, toEventSummary, type EventMeta } from './state/state';
import { dataFiles, DiskFullError, isDiskFull, prepareDataDir } from './store/data-dir';
import { acquireLock, setLockListener } from './store/lock';
import { openSettingsDocument, writeSettingsDocument, type CompanionDocument } from './store/settings-document';
import { Store } from './store/store';
import type { IntegrationRef, SetAuthtokenInput, StartSyncInput, UpdateSyncInput } from '../../shared/api/companion-api';
import { APP_VERSION } from './version';
import type { Low } from 'lowdb';

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
    const control = await startControlServer({ token, log, methods: () => companion?.controlMethods() ?? {} });
    cleanups.push(() => control.close());
    const release = await acquireLock(options.dataDir, { command: options.command ?? 'knit-sync serve', control: control.url, token });
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
    const rejected = new RejectedLog(dataFiles(options.dataDir).rejected, log);
    await rejected.load();
    companion = new Companion(options, log, db, store, rejected, control);
    cleanups.push(() => companion!.stopServing()); // a failed start must not leave the listener holding the process
    await companion.start();
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
  private keys: VerificationKey[] = [];
  private environments: EnvironmentInfo[] = [];
  private readonly updates: UpdateBatcher;
  /** The directory's (integrationId, recordId) order, kept between listEmployees calls. */
  private readonly employeeOrder = new EmployeeOrder();
  /** Forward targets, attempts and replay (issue 7); opened in start(). */
  private forwarding!: Forwarding;
  /** Pass-through target and answer rules (issue 16); opened in start(). */
  private workbench!: Workbench;
  private readonly sync: SyncAndTunnel;
  private retentionTimer: NodeJS.Timeout | null = null;
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
    });
  }

  private get doc(): CompanionDocument {
    return this.db.data;
  }
  private get secrets(): SecretStore {
    return this.options.secrets;
  }

  async start(): Promise<void> {
    if (this.store.problems.length > 0) {
      this.doc.problems.push(...this.store.problems);
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
    this.store.onApplied = (changes) => {
      this.forwarding.onStored(changes.event);
      if (!this.updates.subscribed) return;
      this.updates.event(toEventSummary(changes.event));
      if (changes.employee) this.updates.employee(changes.employee);
      if (changes.run) this.updates.run(changes.run);
    };
    this.workbench = new Workbench(this.db, this.options.workbench ?? {}, this.log);
    this.workbench.setTargets(await this.forwarding.listForwardTargets());
    this.store.onRetry = (event) => (event ? this.updates.eventChanged(toEventSummary(event)) : this.updates.statusChanged());
    this.store.onWriteState = (error) => void this.onWriteState(error);

    if (this.options.listen === false) return;
    const shaper = new AnswerShaper({ config: () => this.workbench.config(), record: (attempt) => this.forwarding.recordAttempt(attempt) });
    const pipeline = createPipeline({
      keys: () => this.keys,
      jobEnvironment: (integrationId) => this.jobEnvironment(integrationId),
      accept: (input) => this.store.accept(input),
      reject: (entry) => this.updates.rejection(this.rejected.add(entry)),
      log: this.log,
      maxBodyBytes: this.options.maxBodyBytes,
      // the event is stored already: a failing shaper falls back to the usual 200 rather than losing the answer
      answer: (delivery, reply) =>
        shaper.answer(delivery, reply).catch((error: unknown) => {
          this.log.error(`answer for ${delivery.eventId} fell back to 200: ${error instanceof Error ? error.message : String(error)}`);
          return reply;
        }),
    });
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
    await writeSettingsDocument(this.db, this.options.dataDir).catch(() => {});
    this.log.info('closed');
  }

  /** The CompanionService handed to the shell: the API methods bound, plus listenerUrl and close. */
  service(): CompanionService {
    const api = {} as Record<string, unknown>;
    for (const method of Object.keys(COMPANION_INPUTS) as CompanionMethod[]) {
      api[method] = (input?: unknown) => this.call(method, input);
    }
    const self = this;
    return Object.assign(api as unknown as CompanionApi, {
      subscribe: (listener: Parameters<CompanionApi['subscribe']>[0]) => this.updates.subscribe(listener),
      get listenerUrl() {
        return self.listener?.url ?? '';
      },
      close: () => (this.closing ??= this.closeFn ? this.closeFn() : Promise.resolve()),
    });
  }

  /** The control endpoint's methods: every CompanionApi method plus the options' extra ones. */
  controlMethods(): Record<string, ControlMethod> {
    const methods: Record<string, ControlMethod> = {};
    for (const method of Object.keys(COMPANION_INPUTS) as CompanionMethod[]) methods[method] = (input) => this.call(method, input);
    return { ...methods, ...(this.options.controlMethods ?? {}) };
  }

  /** Validates `input` with the method's schema and calls it. @throws InputError for a bad input. */
  private call(method: CompanionMethod, input: unknown): Promise<unknown> {
    const parsed = COMPANION_INPUTS[method].safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return Promise.reject(new InputError(`Invalid input for ${method}: ${issue ? `${issue.path.join('.') || 'input'} ${issue.message}` : 'invalid'}.`));
    }
    return (this[method] as (input: unknown) => Promise<unknown>).call(this, parsed.data);
  }

  // ---- queries ----

  async getStatus(): Promise<CompanionStatus> {
    return this.statusNow();
  }

  private statusNow(): CompanionStatus {
    const settings = this.doc.settings;
    const url = this.listener?.url ?? null;
    const state = this.store.state;
    return {
      version: APP_VERSION,
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

  async getEvent({ eventId }: { eventId: string }): Promise<EventDetail | null> {
    const meta = this.store.state.events.get(eventId);
    if (!meta) return null;
    const read = await this.store.readEvent(meta);
    if (!read) return null;
    const body = parseBody(read.raw);
    const prevMeta = meta.prevSeq !== null ? this.store.state.bySeq(meta.prevSeq) : undefined;
    const prevRead = prevMeta ? await this.store.readEvent(prevMeta) : null;
    return {
      ...toEventSummary(meta),
      headers: read.line.headers,
      rawBody: read.raw.toString('utf8'),
      body,
      previous:
        prevMeta && prevRead
          ? { seq: prevMeta.seq, eventId: prevMeta.eventId, eventType: prevMeta.eventType, receivedAt: prevMeta.receivedAt, body: parseBody(prevRead.raw) }
          : null,
      warnings: body && typeof body === 'object' ? schemaWarnings(body as EventEnvelope) : [],
      forwards: this.forwarding.attemptsOf(eventId),
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
    const body = read ? parseBody(read.raw) : null;
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
    if (!this.environmentList().some((e) => e.name === environment)) throw new InputError(`There is no environment named ${environment}.`);
    await this.secrets.set(apiKeySecret(environment), key);
    await this.refreshKeys();
    this.log.info(`API key of ${environment} ${key === null ? 'deleted' : 'saved'}`);
    return this.environments;
  }

  async saveEnvironment({ name, baseUrl }: { name: string; baseUrl: string }): Promise<EnvironmentInfo[]> {
    if (BUILT_IN_ENVIRONMENTS.some((e) => e.name === name)) throw new InputError(`${name} is built in and cannot be changed.`);
    this.doc.environments = [...this.doc.environments.filter((e) => e.name !== name), { name, baseUrl }];
    await this.db.write();
    await this.refreshKeys();
    return this.environments;
  }

  async deleteEnvironment({ name }: { name: string }): Promise<EnvironmentInfo[]> {
    if (BUILT_IN_ENVIRONMENTS.some((e) => e.name === name)) throw new InputError(`${name} is built in and cannot be deleted.`);
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

  async exportData(input: unknown): Promise<ExportResult> {
    const request = ExportSchema.parse(input);
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
      const key = await this.secrets.get(apiKeySecret(env.name));
      if (key) keys.push({ environment: env.name, key });
      infos.push({ name: env.name, baseUrl: env.baseUrl, builtIn: env.builtIn, keySet: key !== null, keyLast4: key ? key.slice(-4) : null });
    }
    this.keys = keys;
    this.environments = infos;
    this.updates.statusChanged();
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

function parseBody(raw: Buffer): unknown {
  try {
    return JSON.parse(bodyText(raw));
  } catch {
    return null;
  }
}
