/**
 * An in-memory CompanionApi for the renderer's tests and the dev page: it holds events, runs, employees,
 * rejected deliveries, jobs, status and settings; `deliver()` and friends change them and push the change to
 * subscribers as one UpdateBatch, like the real Companion. Every call is recorded in `calls`.
 * Mocks nothing the real Companion does with Knit: startSync just records a job.
 */
import {
  departmentCounts,
  employeeComparator,
  employeeMatcher,
  NO_DEPARTMENT,
  type DepartmentCounts,
  type EmployeeScope,
  type EmployeeWindow,
  type EmployeeWindowQuery,
  type OrgLevel,
  type OrgTreeQuery,
} from '../../shared/api/employee-query';
import { buildOrgIndex, orgLevel, peopleOf } from '../../shared/api/org-index';
import { ApiError } from '../../shared/api/reply';
import { eventMatcher, type EventWindow, type EventWindowQuery } from '../../shared/api/event-filter';
import { newRun } from '../../electron/core/state/apply';
import { defaultSettings } from '../../electron/core/store/settings-document';
import type { ConnectSettingsInput, ConnectView, StartConnectInput, StartConnectResult } from '../../shared/api/connect';
import type { CheckReport, CheckResult } from '../../shared/api/check';
import type { ComposedSendResult, ComposeEventInput, SaveWorkbenchInput, DeliverComposedInput, WorkbenchSettings } from '../../shared/api/workbench';
import type {
  CheckHandlerInput,
  CompanionApi,
  CompanionMethod,
  EmployeeKey,
  EmployeeQuery,
  EventQuery,
  ExportInput,
  ExportResult,
  ReplayInput,
  SaveForwardTargetsInput,
  SettingsPatch,
  StartSyncInput,
  UpdateListener,
} from '../../shared/api/companion-api';
import type {
  CompanionStatus,
  EmployeeDetail,
  EmployeeSummary,
  EnvironmentInfo,
  SecretStatus,
  EventCategory,
  EventDetail,
  EventFlag,
  EventSummary,
  ForwardAttempt,
  ForwardTarget,
  RejectedDelivery,
  ReverifyResult,
  ReplayResult,
  RunSummary,
  Settings,
  SyncJob,
  UpdateBatch,
} from '../../shared/api/types';
import { REJECTION_REASONS, type RejectionReason } from '../../shared/api/rejections';

const CATEGORY: Record<string, EventCategory> = {
  'record.new': 'new',
  'record.modified': 'modified',
  'record.deleted': 'deleted',
  'sync.events.processed': 'sync',
  'sync.events.allConsumed': 'sync',
};

/** The fake's full state, exposed for tests to inspect. */
export interface FakeState {
  events: EventDetail[];
  employees: Map<string, EmployeeDetail>;
  runs: Map<string, RunSummary>;
  rejected: RejectedDelivery[];
  jobs: Map<string, SyncJob>;
  settings: Settings;
  status: CompanionStatus;
}

const key = (k: EmployeeKey): string => `${k.integrationId}\u0000${k.recordId}`;

/** An in-memory Companion. `now` gives the clock (default: the real one). */
/** The status of a secret saved from the UI whose last four characters are `last4` (null: not set). */
export function savedSecret(last4: string | null): SecretStatus {
  return { state: last4 === null ? 'unset' : 'set', source: last4 === null ? null : 'saved', variable: null, savedIgnored: false, last4 };
}

export class FakeCompanion implements CompanionApi {
  readonly state: FakeState;
  readonly calls: Array<{ method: CompanionMethod; input: unknown }> = [];
  private readonly listeners = new Set<UpdateListener>();
  private nextRejectedId = 1;
  /** The last record.* event per (integrationId, recordId), for `previous`. */
  private readonly lastRecordEvent = new Map<string, EventDetail>();

  constructor(private readonly now: () => Date = () => new Date()) {
    const environments: EnvironmentInfo[] = [
      { name: 'production', baseUrl: 'https://api.getknit.dev/v1.0', builtIn: true, keySet: false, keyLast4: null, key: savedSecret(null) },
      { name: 'sandbox', baseUrl: 'https://api.sandbox.getknit.dev/v1.0', builtIn: true, keySet: true, keyLast4: 'f00d', key: savedSecret('f00d') },
    ];
    this.state = {
      events: [],
      employees: new Map(),
      runs: new Map(),
      rejected: [],
      jobs: new Map(),
      settings: {
        ...defaultSettings(),
        activeEnvironment: 'sandbox',
        integrations: [{ integrationId: 'int_demo_1', label: 'BambooHR (demo)', environment: 'sandbox' }],
      },
      status: {
        version: '0.1.0-fake',
        dataDir: '/tmp/knit-sync-fake',
        listener: { url: 'http://127.0.0.1:8787/knithook', state: 'listening', error: null },
        tunnel: {
          mode: 'ngrok',
          state: 'online',
          publicUrl: 'https://calm-otter-42.ngrok-free.app',
          error: null,
          authtokenSet: true,
          domain: null,
          authtoken: savedSecret('t0k3'),
        },
        destination: 'https://calm-otter-42.ngrok-free.app/knithook',
        destinationWarning: null,
        counts: { received: 0, rejected: 0, retries: 0, employees: 0 },
        environments,
        problems: [],
      },
    };
  }

  // ---- pushing ----

  /** Sends one batch to every subscriber (the real Companion batches per flush; so do the helpers here). */
  push(batch: UpdateBatch): void {
    for (const l of this.listeners) l(batch);
  }

  /** Counts redeliveries of a stored event as the Companion does: the stored summary changes, then a batch says so. */
  setRetries(eventId: string, retries: number): void {
    const event = this.state.events.find((e) => e.eventId === eventId);
    if (!event) throw new Error(`no event ${eventId}`);
    event.retries = retries;
    this.push({ eventsChanged: [summaryOf(event)] });
  }

  private record(method: CompanionMethod, input: unknown): void {
    this.calls.push({ method, input });
  }

  private refreshCounts(): void {
    const s = this.state;
    s.status.counts = {
      received: s.events.length,
      rejected: s.rejected.length,
      retries: s.events.reduce((n, e) => n + e.retries, 0),
      employees: [...s.employees.values()].filter((e) => !e.deleted).length,
    };
  }

  /**
   * Accepts Knit event bodies as if they had arrived signed with `environment`'s key (in order), updates
   * employees and runs, and pushes them as ONE batch. Returns the stored events.
   */
  deliver(bodies: Array<Record<string, unknown>>, opts: { integrationId?: string | null; environment?: string; flags?: EventFlag[] } = {}): EventDetail[] {
    const added: EventDetail[] = [];
    const employees = new Map<string, EmployeeDetail>();
    const runs = new Map<string, RunSummary>();
    for (const body of bodies) {
      const event = this.store(body, opts);
      added.push(event);
      const emp = this.applyToEmployee(event);
      if (emp) employees.set(key(emp), emp);
      const run = this.applyToRun(event, body);
      if (run) runs.set(run.syncRunId, run);
    }
    this.refreshCounts();
    this.push({
      events: added.map(summaryOf),
      employees: employees.size ? [...employees.values()].map(employeeSummaryOf) : undefined,
      runs: runs.size ? [...runs.values()] : undefined,
      status: this.state.status,
    });
    return added;
  }

  private store(body: Record<string, unknown>, opts: { integrationId?: string | null; environment?: string; flags?: EventFlag[] }): EventDetail {
    const s = this.state;
    const eventType = String(body.eventType ?? 'unknown');
    const recordId = typeof body.recordId === 'string' ? body.recordId : null;
    const integrationId = opts.integrationId === undefined ? 'int_demo_1' : opts.integrationId;
    const data = (body.eventData ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const profile = data.profile ?? {};
    const name = [profile.firstName, profile.lastName].filter((x) => typeof x === 'string').join(' ') || null;
    const recordKey = recordId !== null && eventType.startsWith('record.') ? `${integrationId}\u0000${recordId}` : null;
    const previous = recordKey ? (this.lastRecordEvent.get(recordKey) ?? null) : null;
    const rawBody = JSON.stringify(body);
    const flags =
      opts.flags ??
      (integrationId === null
        ? [{ code: 'no-integration-header' as const, message: 'No X-Knit-Integration-Id header: the event is stored under no integration.' }]
        : []);
    const event: EventDetail = {
      seq: s.events.length + 1,
      eventId: String(body.eventId),
      eventType,
      category: CATEGORY[eventType] ?? 'unknown',
      syncType: typeof body.syncType === 'string' ? body.syncType : null,
      syncJobId: typeof body.syncJobId === 'string' ? body.syncJobId : null,
      syncRunId: typeof body.syncRunId === 'string' ? body.syncRunId : null,
      recordId,
      integrationId,
      receivedAt: this.now().toISOString(),
      environment: opts.environment ?? 'sandbox',
      retries: 0,
      name,
      email: typeof profile.workEmail === 'string' ? profile.workEmail : null,
      flags,
      headers: {
        'content-type': 'application/json',
        'x-knit-signature': 'kX2v9fake-signature_base64url',
        ...(integrationId ? { 'x-knit-integration-id': integrationId } : {}),
      },
      rawBody,
      body,
      previous: previous
        ? { seq: previous.seq, eventId: previous.eventId, eventType: previous.eventType, receivedAt: previous.receivedAt, body: previous.body }
        : null,
      warnings: flags.filter((f) => f.code === 'schema').map((f) => f.message),
    };
    s.events.push(event);
    if (recordKey) this.lastRecordEvent.set(recordKey, event);
    return event;
  }

  private applyToEmployee(event: EventDetail): EmployeeDetail | null {
    if (!event.recordId || !event.integrationId || !event.eventType.startsWith('record.')) return null;
    const k = key({ integrationId: event.integrationId, recordId: event.recordId });
    const existing = this.state.employees.get(k);
    const body = event.body as { eventData?: Record<string, Record<string, unknown>> };
    const deleted = event.eventType === 'record.deleted';
    const data = deleted ? (existing?.data ?? {}) : (body.eventData ?? {});
    const profile = (data.profile ?? {}) as Record<string, unknown>;
    const org = (data.orgStructure ?? {}) as Record<string, unknown>;
    const manager = (org.manager ?? {}) as Record<string, unknown>;
    const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
    const emp: EmployeeDetail = {
      integrationId: event.integrationId,
      recordId: event.recordId,
      deleted,
      name: event.name ?? existing?.name ?? null,
      email: event.email ?? existing?.email ?? null,
      employeeNumber: str(profile.employeeNumber),
      department: str(org.department),
      designation: str(org.designation),
      managerId: str(manager.id),
      managerName: [manager.firstName, manager.lastName].filter((x) => typeof x === 'string').join(' ') || null,
      employmentStatus: str(profile.employmentStatus),
      updatedAt: event.receivedAt,
      lastEventId: event.eventId,
      deletedAt: deleted ? event.receivedAt : null,
      versions: (existing?.versions ?? 0) + 1,
      data,
      timeline: [...(existing?.timeline ?? []), summaryOf(event)],
    };
    this.state.employees.set(k, emp);
    return emp;
  }

  private applyToRun(event: EventDetail, body: Record<string, unknown>): RunSummary | null {
    if (!event.syncRunId) return null;
    const runs = this.state.runs;
    const run: RunSummary = runs.get(event.syncRunId) ?? {
      ...newRun(event.syncRunId, event.receivedAt),
      syncJobId: event.syncJobId,
      integrationId: event.integrationId,
      syncType: event.syncType,
    };
    run.lastEventAt = event.receivedAt;
    run.counts = { ...run.counts, [event.eventType]: (run.counts[event.eventType] ?? 0) + 1 };
    const d = (body.eventData ?? {}) as Record<string, unknown>;
    const iso = (v: unknown): string | null => (v === undefined ? null : new Date(Number(v)).toISOString());
    if (event.eventType === 'sync.events.processed' || event.eventType === 'sync.events.allConsumed') {
      run.processed = typeof d.processed === 'number' ? d.processed : run.processed;
      run.emitted = typeof d.emitted === 'number' ? d.emitted : run.emitted;
      run.startedAt = iso(d.startedAt) ?? run.startedAt;
      run.processedAt = iso(d.processedAt) ?? run.processedAt;
      run.status = run.status === 'completed' ? 'completed' : 'processed';
    }
    if (event.eventType === 'sync.events.allConsumed') {
      run.consumed = typeof d.consumed === 'number' ? d.consumed : null;
      run.completedAt = iso(d.completedAt);
      run.status = 'completed';
    }
    runs.set(run.syncRunId, { ...run });
    return runs.get(run.syncRunId) ?? null;
  }

  /** Records a refused request and pushes it. */
  reject(reason: RejectionReason, opts: { detail?: string; preview?: string; headers?: Record<string, string> } = {}): RejectedDelivery {
    const r: RejectedDelivery = {
      id: this.nextRejectedId++,
      receivedAt: this.now().toISOString(),
      status: REJECTION_REASONS[reason].status,
      reason,
      detail: opts.detail ?? REJECTION_REASONS[reason].sentence,
      remoteAddress: '127.0.0.1',
      headers: opts.headers ?? { 'content-type': 'application/json', 'user-agent': 'curl/8.5.0' },
      bodySize: (opts.preview ?? '{}').length,
      preview: opts.preview ?? '{}',
    };
    this.state.rejected.push(r);
    this.refreshCounts();
    this.push({ rejected: [r], status: this.state.status });
    return r;
  }

  // ---- CompanionApi ----

  async getStatus(): Promise<CompanionStatus> {
    this.record('getStatus', undefined);
    return this.state.status;
  }
  async getSettings(): Promise<Settings> {
    this.record('getSettings', undefined);
    return this.state.settings;
  }
  async listEvents(query: EventQuery = {}): Promise<EventSummary[]> {
    this.record('listEvents', query);
    const after = query.afterSeq ?? 0;
    const limit = query.limit ?? 5_000;
    const out = [];
    for (const e of this.state.events) {
      if (e.seq <= after) continue;
      if (query.integrationId && e.integrationId !== query.integrationId) continue;
      if (query.syncRunId && e.syncRunId !== query.syncRunId) continue;
      if (query.recordId && e.recordId !== query.recordId) continue;
      out.push(summaryOf(e));
      if (out.length >= limit) break;
    }
    return out;
  }
  async queryEvents(query: EventWindowQuery): Promise<EventWindow> {
    this.record('queryEvents', query);
    const matches = this.state.events.filter(eventMatcher(query.filter)).reverse();
    return { rows: matches.slice(query.offset, query.offset + query.limit).map(summaryOf), total: matches.length, stored: this.state.events.length };
  }
  async getEvent(input: { eventId: string }): Promise<EventDetail | null> {
    this.record('getEvent', input);
    return this.state.events.find((e) => e.eventId === input.eventId) ?? null;
  }
  async listRuns(): Promise<RunSummary[]> {
    this.record('listRuns', undefined);
    return [...this.state.runs.values()];
  }
  /** Every match in first-seen order; paged (`afterKey` / `limit`) in (integrationId, recordId) order, as the core pages. */
  async listEmployees(query: EmployeeQuery = {}): Promise<EmployeeSummary[]> {
    this.record('listEmployees', query);
    const matching = [...this.state.employees.values()]
      .filter((e) => (query.includeDeleted || !e.deleted) && (!query.integrationId || e.integrationId === query.integrationId))
      .map(employeeSummaryOf);
    if (query.afterKey === undefined && query.limit === undefined) return matching;
    const after = query.afterKey ? key(query.afterKey) : null;
    return matching
      .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
      .filter((e) => after === null || key(e) > after)
      .slice(0, query.limit);
  }
  /** The directory window, filtered and sorted as the core does (shared/api/employee-query.ts), without its caches. */
  async queryEmployees(query: EmployeeWindowQuery): Promise<EmployeeWindow> {
    this.record('queryEmployees', query);
    const all = [...this.state.employees.values()].map(employeeSummaryOf);
    const scope = all.filter((e) => query.filter.integrationId === null || e.integrationId === query.filter.integrationId);
    const compare = employeeComparator(query.sort);
    const matches = all.filter(employeeMatcher(query.filter)).sort(compare);
    const active = scope.filter((e) => !e.deleted).length;
    const integrations = [...new Set(all.map((e) => e.integrationId))].sort();
    return {
      rows: matches.slice(query.offset, query.offset + query.limit),
      total: matches.length,
      stored: all.length,
      active,
      deleted: scope.length - active,
      integrations,
    };
  }
  async employeeDepartments(input: EmployeeScope): Promise<DepartmentCounts> {
    this.record('employeeDepartments', input);
    const counts = new Map<string, number>();
    for (const e of this.activeIn(input.integrationId)) counts.set(e.department ?? NO_DEPARTMENT, (counts.get(e.department ?? NO_DEPARTMENT) ?? 0) + 1);
    return departmentCounts(counts);
  }
  async employeeOrgTree(query: OrgTreeQuery): Promise<OrgLevel> {
    this.record('employeeOrgTree', query);
    return orgLevel(buildOrgIndex(peopleOf(this.activeIn(query.integrationId))), query);
  }
  private activeIn(integrationId: string | null): EmployeeSummary[] {
    return [...this.state.employees.values()].filter((e) => !e.deleted && (integrationId === null || e.integrationId === integrationId)).map(employeeSummaryOf);
  }
  async getEmployee(input: EmployeeKey): Promise<EmployeeDetail | null> {
    this.record('getEmployee', input);
    return this.state.employees.get(key(input)) ?? null;
  }
  async listRejected(): Promise<RejectedDelivery[]> {
    this.record('listRejected', undefined);
    return this.state.rejected;
  }
  /** No key ever changes in the fake: every kept refused delivery is still refused. */
  async reverifyRejected(): Promise<ReverifyResult> {
    this.record('reverifyRejected', undefined);
    const outcomes = this.state.rejected.filter((r) => r.fullBody === 'kept').map((r) => ({ id: r.id, eventId: null, result: 'still_refused' as const }));
    const bodiesDropped = this.state.rejected.filter((r) => r.fullBody === 'dropped').length;
    return { outcomes, checked: outcomes.length, stored: 0, duplicate: 0, stillRefused: outcomes.length, bodiesDropped };
  }
  async listJobs(): Promise<SyncJob[]> {
    this.record('listJobs', undefined);
    return [...this.state.jobs.values()];
  }
  async saveSettings(patch: SettingsPatch): Promise<Settings> {
    this.record('saveSettings', patch);
    this.state.settings = { ...this.state.settings, ...patch };
    this.push({ settings: this.state.settings });
    return this.state.settings;
  }
  async setApiKey(input: { environment: string; key: string | null }): Promise<EnvironmentInfo[]> {
    this.record('setApiKey', { environment: input.environment, key: input.key === null ? null : '<redacted>' });
    const env = this.state.status.environments.find((e) => e.name === input.environment);
    if (!env) throw new Error(`There is no environment named "${input.environment}".`);
    env.keySet = input.key !== null;
    env.keyLast4 = input.key === null ? null : input.key.slice(-4);
    env.key = savedSecret(env.keyLast4);
    this.push({ status: this.state.status });
    return this.state.status.environments;
  }
  async saveEnvironment(input: { name: string; baseUrl: string }): Promise<EnvironmentInfo[]> {
    this.record('saveEnvironment', input);
    const envs = this.state.status.environments;
    const existing = envs.find((e) => e.name === input.name);
    if (existing?.builtIn) throw new Error(`${input.name} is built in and cannot be changed.`);
    if (existing) existing.baseUrl = input.baseUrl;
    else envs.push({ name: input.name, baseUrl: input.baseUrl, builtIn: false, keySet: false, keyLast4: null, key: savedSecret(null) });
    this.push({ status: this.state.status });
    return envs;
  }
  async deleteEnvironment(input: { name: string }): Promise<EnvironmentInfo[]> {
    this.record('deleteEnvironment', input);
    this.state.status.environments = this.state.status.environments.filter((e) => e.builtIn || e.name !== input.name);
    this.push({ status: this.state.status });
    return this.state.status.environments;
  }
  async setNgrokAuthtoken(input: { token: string | null }): Promise<CompanionStatus> {
    this.record('setNgrokAuthtoken', { token: input.token === null ? null : '<redacted>' });
    this.state.status.tunnel.authtokenSet = input.token !== null;
    this.state.status.tunnel.authtoken = savedSecret(input.token === null ? null : input.token.slice(-4));
    this.push({ status: this.state.status });
    return this.state.status;
  }
  async dismissProblem(input: { id: string }): Promise<CompanionStatus> {
    this.record('dismissProblem', input);
    this.state.status.problems = this.state.status.problems.filter((p) => p.id !== input.id);
    this.push({ status: this.state.status });
    return this.state.status;
  }
  async startSync(input: StartSyncInput): Promise<SyncJob> {
    this.record('startSync', input);
    const environment = input.environment ?? this.state.settings.activeEnvironment;
    if (!this.state.status.environments.find((e) => e.name === environment)?.keySet) {
      throw new Error(`No API key is set for ${environment}: save one first.`);
    }
    const at = this.now().toISOString();
    const job: SyncJob = {
      integrationId: input.integrationId,
      environment,
      syncJobId: `sj_${input.integrationId}_${this.state.jobs.size + 1}`,
      models: input.models,
      frequency: input.frequency,
      destination: input.destination ?? this.state.status.destination ?? '',
      state: 'active',
      startedAt: at,
      updatedAt: at,
      initialSyncs: 1,
      stale: null,
      lastError: null,
    };
    this.state.jobs.set(job.integrationId, job);
    this.push({ jobs: [job] });
    return job;
  }
  private changeJob(integrationId: string, change: Partial<SyncJob>): SyncJob {
    const job = this.state.jobs.get(integrationId);
    if (!job) throw new Error(`No sync job for ${integrationId}: start one first.`);
    const next = { ...job, ...change, updatedAt: this.now().toISOString() };
    this.state.jobs.set(integrationId, next);
    this.push({ jobs: [next] });
    return next;
  }
  async updateSync(input: { integrationId: string; models?: SyncJob['models']; frequency?: SyncJob['frequency']; destination?: string }): Promise<SyncJob> {
    this.record('updateSync', input);
    const { integrationId, ...rest } = input;
    return this.changeJob(integrationId, { ...rest, ...(rest.destination ? { stale: null } : {}) });
  }
  async pauseSync(input: { integrationId: string }): Promise<SyncJob> {
    this.record('pauseSync', input);
    return this.changeJob(input.integrationId, { state: 'paused' });
  }
  async resumeSync(input: { integrationId: string }): Promise<SyncJob> {
    this.record('resumeSync', input);
    return this.changeJob(input.integrationId, { state: 'active' });
  }
  async exportData(input: ExportInput): Promise<ExportResult> {
    this.record('exportData', input);
    if (input.kind === 'employees') {
      const rows = [...this.state.employees.values()].map(employeeSummaryOf);
      const content =
        input.format === 'csv'
          ? ['recordId,name,department', ...rows.map((r) => `${r.recordId},${r.name ?? ''},${r.department ?? ''}`)].join('\n') + '\n'
          : rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
      return {
        filename: `employees.${input.format ?? 'ndjson'}`,
        mimeType: input.format === 'csv' ? 'text/csv' : 'application/x-ndjson',
        content,
        rows: rows.length,
      };
    }
    const events = this.state.events.filter((e) => !input.eventIds || input.eventIds.includes(e.eventId));
    return {
      filename: 'events.ndjson',
      mimeType: 'application/x-ndjson',
      content: events.map((e) => JSON.stringify(e.body)).join('\n') + '\n',
      rows: events.length,
    };
  }
  async purge(input: { integrationId?: string; all?: boolean }): Promise<{ events: number; employees: number }> {
    this.record('purge', input);
    const s = this.state;
    const keep = (id: string | null): boolean => !input.all && id !== input.integrationId;
    const before = { events: s.events.length, employees: s.employees.size };
    s.events = s.events.filter((e) => keep(e.integrationId));
    for (const [k, e] of s.employees) if (!keep(e.integrationId)) s.employees.delete(k);
    this.refreshCounts();
    this.push({ reset: true, status: s.status });
    return { events: before.events - s.events.length, employees: before.employees - s.employees.size };
  }
  /** Forward targets as saved (no delivery happens in the fake); replay answers every event 200 at once. */
  forwardTargets: ForwardTarget[] = [];
  async listForwardTargets(): Promise<ForwardTarget[]> {
    this.record('listForwardTargets', undefined);
    return this.forwardTargets;
  }
  async saveForwardTargets(input: SaveForwardTargetsInput): Promise<ForwardTarget[]> {
    this.record('saveForwardTargets', input);
    this.forwardTargets = input.targets.map((t, i) => ({
      id: t.id ?? `ft_fake_${i + 1}`,
      url: t.url,
      enabled: t.enabled,
      eventTypes: t.eventTypes ?? [],
      session: false,
      queued: 0,
      delivered: 0,
      failed: 0,
      dropped: 0,
      lastError: null,
    }));
    this.push({ forwardTargets: this.forwardTargets });
    return this.forwardTargets;
  }
  async replay(input: ReplayInput): Promise<ReplayResult> {
    this.record('replay', input);
    const events = this.state.events.filter((e) => (input.eventIds ? input.eventIds.includes(e.eventId) : e.syncRunId === input.syncRunId));
    if (events.length === 0) throw new Error('No stored event matches.');
    const at = this.now().toISOString();
    const attempts: ForwardAttempt[] = events.map((e, i) => ({
      id: i + 1,
      eventId: e.eventId,
      kind: 'replay',
      targetId: null,
      url: input.to,
      replayId: 'rp_fake',
      attempt: 1,
      at,
      status: 200,
      ok: true,
      durationMs: 1,
      responsePreview: 'ok',
      error: null,
      final: true,
      resignedWith: input.resignWithEnvironment ?? null,
    }));
    return { replayId: 'rp_fake', sent: attempts.length, ok: attempts.length, failed: 0, attempts };
  }
  /** Connections (issue 15): settings saved as given; startConnect answers a page path without calling Knit. */
  connections: ConnectView = { integrations: [], environments: Object.create(null) as ConnectView['environments'] };
  /** The demo's Scenario menu: null (not the demo) unless a test sets one. */
  demo: import('../../shared/api/demo').DemoView | null = null;
  async getDemo() {
    this.record('getDemo', undefined);
    return this.demo;
  }
  async setDemoScenarios(input: { names: string[] }) {
    this.record('setDemoScenarios', input);
    if (!this.demo) throw new ApiError('refused', 'Scenarios are for the demo: run knit-sync demo.');
    this.demo = { ...this.demo, active: input.names };
    return this.demo;
  }
  async getConnections(): Promise<ConnectView> {
    this.record('getConnections', undefined);
    return this.connections;
  }
  async saveConnectSettings(input: ConnectSettingsInput): Promise<ConnectView> {
    this.record('saveConnectSettings', input);
    const { environment, ...rest } = input;
    const current = this.connections.environments[environment] ?? {
      componentUrl: 'https://af1.getknit.dev/knit-ui-comp.js',
      autoStart: true,
      registeredWebhookUrl: null,
      form: null,
    };
    this.connections = {
      ...this.connections,
      environments: { ...this.connections.environments, [environment]: { ...current, ...rest } as ConnectView['environments'][string] },
    };
    this.push({ connections: this.connections });
    return this.connections;
  }
  async startConnect(input: StartConnectInput): Promise<StartConnectResult> {
    this.record('startConnect', input);
    return { connectId: 'cn_fake', pagePath: '/connect/fake' };
  }
  /** Workbench settings as saved (the fake answers nothing differently). */
  workbench: WorkbenchSettings = {
    passThroughTargetId: null,
    passThroughTimeoutSeconds: 10,
    answerRules: [],
    session: { passThroughUrl: null, answerRules: [] },
  };
  async getWorkbench(): Promise<WorkbenchSettings> {
    this.record('getWorkbench', undefined);
    return this.workbench;
  }
  async saveWorkbench(input: SaveWorkbenchInput): Promise<WorkbenchSettings> {
    this.record('saveWorkbench', input);
    this.workbench = { ...input, session: this.workbench.session };
    return this.workbench;
  }
  /** The composer: a one-line template; a send answered 200 at once (nothing is sent). */
  async composeEvent(input: ComposeEventInput): Promise<{ body: string }> {
    this.record('composeEvent', input);
    return { body: JSON.stringify({ eventId: 'ev_fake_composed', eventType: input.eventType ?? 'record.new', eventData: {} }, null, 2) };
  }
  async deliverComposed(input: DeliverComposedInput): Promise<ComposedSendResult> {
    this.record('deliverComposed', input);
    return { to: input.to, status: 200, ok: true, durationMs: 1, responsePreview: 'ok', error: null, signature: 'fake' };
  }
  /** A fixed scorecard (no request is sent): one check of each outcome. */
  async checkHandler(input: CheckHandlerInput): Promise<CheckReport> {
    this.record('checkHandler', input);
    const url = this.forwardTargets.find((t) => t.id === input.targetId)?.url;
    if (!url) throw new Error(`No forward target has the id ${input.targetId}.`);
    const result = (id: string, outcome: CheckResult['outcome'], got: string, knit: string): CheckResult => ({
      id,
      outcome,
      sent: `the ${id} request`,
      got,
      knit,
      durationMs: 1,
      requests: 1,
    });
    const results = [
      result('guide-examples', 'pass', '200 ×5 (slowest 2 ms)', 'Knit marks it consumed'),
      result('duplicate-event', 'fail', '200, 500 (slowest 3 ms); request 2: 500 "duplicate key"', 'Knit retries an event not answered 200 for 4 days'),
      result('answer-time', 'warn', 'slowest answer 6200 ms (limit 10 s)', 'close to the limit'),
    ];
    return { url, timeoutMs: (input.timeoutSeconds ?? 10) * 1000, results, passed: 1, warned: 1, failed: 1, requests: 7, durationMs: 12 };
  }
  subscribe(listener: UpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** How many subscribers are attached (for transport tests). */
  get subscriberCount(): number {
    return this.listeners.size;
  }
}

/** The listed form of an event (drops headers and bodies). */
export function summaryOf(e: EventDetail): EventSummary {
  const { headers: _h, rawBody: _r, body: _b, previous: _p, warnings: _w, ...summary } = e;
  return summary;
}

function employeeSummaryOf(e: EmployeeDetail): EmployeeSummary {
  const { data: _d, timeline: _t, ...summary } = e;
  return summary;
}
