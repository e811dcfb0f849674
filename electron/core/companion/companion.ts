/**
 * The Companion: the product's core service, the same in the headless CLI and the Electron shell. It holds
 * the data folder's parts (journal store, settings document, rejected log) that open-companion.ts opened, the
 * webhook listener, and implements the CompanionApi (shared/api/companion-api.ts) by delegating to one module
 * per area: environments.ts, events-and-employees.ts, retention.ts, forwarding.ts, sync-and-tunnel.ts, the
 * workbench and connections; service-adapter.ts adapts it to the transports. Inputs are validated once per
 * call, at the edge it came through (shared/api/dispatch.ts); updates reach subscribers in batches (updates.ts).
 */
import type { Low } from 'lowdb';
import type * as Api from '../../../shared/api/companion-api';
import type { CheckReport } from '../../../shared/api/check';
import type { ConnectSettingsInput, StartConnectInput } from '../../../shared/api/connect';
import { ApiError, InputError, type ApiReply } from '../../../shared/api/reply';
import type * as T from '../../../shared/api/types';
import type { ComposedSendResult, ComposeEventInput, DeliverComposedInput, SaveWorkbenchInput, WorkbenchSettings } from '../../../shared/api/workbench';
import { ConnectError, type Connections } from '../connect/connections';
import type { Logger } from '../log';
import type { Delivery, Listener, Reply } from '../receiver/listener';
import type { RejectedLog } from '../receiver/rejected-log';
import { matchesSignature } from '../signature/verify';
import type { JournalStore } from '../store/journal-store';
import type { CompanionDocument } from '../store/settings-document';
import { composeEvent, deliverComposed } from '../workbench/compose-send';
import { Workbench } from '../workbench/workbench';
import type { CompanionOptions, CompanionService } from './companion-service';
import { EmployeeOrder } from './employee-pages';
import { EventWindows } from '../query/event-windows';
import type { EventWindow, EventWindowQuery } from '../../../shared/api/event-filter';
import { EmployeeWindows } from '../query/employee-windows';
import { EmployeeCharts } from '../query/employee-charts';
import type { DepartmentCounts, EmployeeScope, EmployeeWindow, EmployeeWindowQuery, OrgLevel, OrgTreeQuery } from '../../../shared/api/employee-query';
import { exportData } from './export-data';
import { Environments } from './environments';
import { getEmployee, getEvent, listEvents, listRuns } from './events-and-employees';
import { Forwarding } from './forwarding';
import { checkForwardTarget } from './handler-check';
import { startReceiving, wireStore } from './receiving';
import { connectionsFor, syncFor } from './parts';
import { purgeEvents, Retention } from './retention';
import { reverifyRejected } from './reverify';
import { controlCall, serviceOf } from './service-adapter';
import { statusOf } from './status';
import type { SyncAndTunnel } from './sync-and-tunnel';
import { UpdateBatcher } from './updates';

export class Companion implements Api.CompanionApi {
  listener: Listener | null = null;
  /** The receiving pipeline's delivery handler (also what `reverifyRejected` goes through); set in start(). */
  onDelivery: ((delivery: Delivery) => Promise<Reply>) | null = null;
  readonly updates: UpdateBatcher;
  readonly environments: Environments;
  /** The directory's (integrationId, recordId) order, kept between listEmployees calls. */
  private readonly employeeOrder = new EmployeeOrder();
  /** The Events list's windows: matching positions of the last few filters (issue 17). */
  private readonly eventWindows = new EventWindows();
  private readonly employeeWindows = new EmployeeWindows();
  private readonly employeeCharts = new EmployeeCharts(this.employeeWindows);
  /** Forward targets, attempts and replay (issue 7); opened in start(). */
  forwarding!: Forwarding;
  /** Pass-through target and answer rules (issue 16); opened in start(). */
  workbench!: Workbench;
  readonly sync: SyncAndTunnel;
  /** Connecting HR systems through Knit's UI component (issue 15). */
  readonly connections: Connections;
  private readonly retention: Retention;
  readonly startedAt = new Date().toISOString();
  private closeFn: (() => Promise<void>) | null = null;
  private closing: Promise<void> | null = null;

  constructor(
    readonly options: CompanionOptions,
    readonly log: Logger,
    readonly db: Low<CompanionDocument>,
    readonly store: JournalStore,
    readonly rejected: RejectedLog,
  ) {
    this.updates = new UpdateBatcher(() => this.statusNow());
    this.environments = new Environments(db, options.secrets, log, this.updates);
    this.retention = new Retention(
      () => this.doc.settings.retentionDays,
      (input) => this.purge(input),
      log,
    );
    this.sync = syncFor(this);
    this.connections = connectionsFor(this);
  }

  get doc(): CompanionDocument {
    return this.db.data;
  }

  /** Moves the store's problems to the settings document, applies retention, opens forwarding, binds the listener. */
  async start(): Promise<void> {
    await wireStore(this);
    await this.environments.refreshKeys();
    await this.retention.start();
    this.forwarding = await Forwarding.open({
      dataDir: this.options.dataDir,
      db: this.db,
      store: this.store,
      secrets: this.options.secrets,
      log: this.log,
      sink: this.updates,
      forwardTo: this.options.forwardTo,
      options: this.options.forwarding,
    });
    await this.environments.reportSecretProblems(); // forward targets' credentials were read
    this.workbench = new Workbench(this.db, this.options.workbench ?? {}, this.log);
    this.workbench.setTargets(await this.forwarding.listForwardTargets());
    await startReceiving(this);
  }

  /** Starts the store's background check of what the snapshot covers, each body checked with its environment's key. */
  checkIntegrity(): void {
    void this.store.checkIntegrity((line, raw) => {
      const key = this.environments.keys.find((k) => k.environment === line.environment)?.key;
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
    this.retention.stop();
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

  /** The CompanionService handed to the shell (service-adapter.ts). */
  service(): CompanionService {
    return serviceOf(this, {
      updates: this.updates,
      connections: this.connections,
      listenerUrl: () => this.listener?.url ?? '',
      close: () => (this.closing ??= this.closeFn ? this.closeFn() : Promise.resolve()),
    });
  }

  /** One call through the control endpoint: the options' extra methods (own names only), else the CompanionApi. */
  controlCall(name: string, input: unknown): Promise<ApiReply> {
    return controlCall(this, this.options.controlMethods, name, input);
  }

  // ---- queries ----

  async getStatus(): Promise<T.CompanionStatus> {
    return this.statusNow();
  }

  statusNow(): T.CompanionStatus {
    return statusOf(this);
  }

  async getSettings(): Promise<T.Settings> {
    return this.doc.settings;
  }
  async queryEvents(query: EventWindowQuery): Promise<EventWindow> {
    return this.eventWindows.query(this.store.state, query);
  }
  async listEvents(query: Api.EventQuery = {}): Promise<T.EventSummary[]> {
    return listEvents(this.store.state, query);
  }
  getEvent({ eventId }: { eventId: string }): Promise<T.EventDetail | null> {
    return getEvent({ store: this.store, attemptsOf: (id) => this.forwarding.attemptsOf(id), connections: this.connections }, eventId);
  }
  async listRuns() {
    return listRuns(this.store.state);
  }
  async listEmployees(query: Api.EmployeeQuery = {}): Promise<T.EmployeeSummary[]> {
    return this.employeeOrder.list(this.store.state.employees, query);
  }
  async queryEmployees(query: EmployeeWindowQuery): Promise<EmployeeWindow> {
    return this.employeeWindows.query(this.store.state.employees, query);
  }
  async employeeDepartments({ integrationId }: EmployeeScope): Promise<DepartmentCounts> {
    return this.employeeCharts.departments(this.store.state.employees, integrationId);
  }
  async employeeOrgTree(query: OrgTreeQuery): Promise<OrgLevel> {
    return this.employeeCharts.orgTree(this.store.state.employees, query);
  }
  getEmployee(ref: { integrationId: string; recordId: string }): Promise<T.EmployeeDetail | null> {
    return getEmployee(this.store, ref);
  }
  async listRejected() {
    return this.rejected.list();
  }
  async listJobs(): Promise<T.SyncJob[]> {
    return this.sync.jobs.list();
  }

  // ---- commands ----

  async saveSettings(patch: Partial<T.Settings>): Promise<T.Settings> {
    const before = this.doc.settings;
    this.doc.settings = { ...this.doc.settings, ...patch };
    await this.db.write();
    this.updates.settingsChanged(this.doc.settings);
    if (this.doc.settings.retentionDays !== before.retentionDays) await this.retention.apply();
    await this.sync.settingsChanged(before);
    return this.doc.settings;
  }
  setApiKey(input: { environment: string; key: string | null }): Promise<T.EnvironmentInfo[]> {
    return this.environments.setApiKey(input);
  }
  saveEnvironment(input: { name: string; baseUrl: string }): Promise<T.EnvironmentInfo[]> {
    return this.environments.save(input);
  }
  deleteEnvironment(input: { name: string }): Promise<T.EnvironmentInfo[]> {
    return this.environments.delete(input);
  }
  async setNgrokAuthtoken({ token }: Api.SetAuthtokenInput): Promise<T.CompanionStatus> {
    await this.sync.setAuthtoken(token);
    return this.statusNow();
  }

  async reverifyRejected(): Promise<T.ReverifyResult> {
    if (!this.onDelivery) throw new Error('The Companion is not started.');
    const result = await reverifyRejected({ rejected: this.rejected, keys: this.environments.keys, onDelivery: this.onDelivery });
    this.log.info(
      `checked ${result.checked} refused deliveries again: ${result.stored} stored, ${result.duplicate} duplicate, ${result.stillRefused} still refused`,
    );
    // the rejected log changed under the subscribers' copies: they query again (as after a purge)
    if (result.checked > 0) this.updates.purged();
    return result;
  }

  async dismissProblem({ id }: { id: string }): Promise<T.CompanionStatus> {
    this.doc.problems = this.doc.problems.filter((p) => p.id !== id);
    await this.db.write();
    this.updates.statusChanged();
    return this.statusNow();
  }

  startSync(input: Api.StartSyncInput): Promise<T.SyncJob> {
    return this.sync.start(input);
  }
  updateSync(input: Api.UpdateSyncInput): Promise<T.SyncJob> {
    return this.sync.jobs.update(input);
  }
  pauseSync(input: Api.IntegrationRef): Promise<T.SyncJob> {
    return this.sync.jobs.pause(input);
  }
  resumeSync(input: Api.IntegrationRef): Promise<T.SyncJob> {
    return this.sync.jobs.resume(input);
  }

  exportData(input: Api.ExportInput): Promise<Api.ExportResult> {
    return exportData({ store: this.store, rejected: this.rejected }, input);
  }

  purge(input: Api.PurgeInput): Promise<Api.PurgeResult> {
    // forwarding is not yet open during the retention purge at start
    const targets = { store: this.store, rejected: this.rejected, forwarding: () => this.forwarding ?? null, updates: this.updates, log: this.log };
    return purgeEvents(targets, input);
  }

  listForwardTargets(): Promise<T.ForwardTarget[]> {
    return this.forwarding.listForwardTargets();
  }
  async saveForwardTargets(input: Api.SaveForwardTargetsInput): Promise<T.ForwardTarget[]> {
    const targets = await this.forwarding.saveForwardTargets(input);
    this.workbench.setTargets(targets);
    return targets;
  }
  replay(input: Api.ReplayInput): Promise<T.ReplayResult> {
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
    return { getEvent: (i: { eventId: string }) => this.getEvent(i), environments: () => this.environments.list(), secrets: this.options.secrets };
  }
  checkHandler(input: Api.CheckHandlerInput): Promise<CheckReport> {
    const { secrets } = this.options;
    return checkForwardTarget(input, {
      targets: () => this.forwarding.listForwardTargets(),
      environments: () => this.environments.list(),
      secrets,
      log: this.log,
    });
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

  async getDemo() {
    return this.options.demo?.view() ?? null;
  }
  async setDemoScenarios(input: { names: string[] }) {
    if (!this.options.demo) throw new ApiError('refused', 'Scenarios are for the demo: run knit-sync demo.');
    return this.options.demo.setScenarios(input.names);
  }
  subscribe(listener: Parameters<Api.CompanionApi['subscribe']>[0]) {
    return this.updates.subscribe(listener);
  }
}

/** A ConnectError is the user's to fix: an InputError (400 over HTTP); others pass unchanged. */
function asInputError(error: unknown): never {
  throw error instanceof ConnectError ? new InputError(error.message) : error;
}
