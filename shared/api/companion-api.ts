/**
 * The CompanionApi: the one contract between the renderer and the Companion service. The Electron preload
 * exposes exactly these methods over IPC (channel `companion:<method>`); the headless shell serves them as
 * `POST /api/<method>` with the input as the JSON body, and `subscribe` as a WebSocket stream. Every method
 * takes at most one input object, validated once at each transport's edge with `COMPANION_INPUTS[method]`
 * (dispatch.ts). Errors reach the caller as rejected promises with an ApiError (reply.ts): one sentence for the
 * user, and one per field for input the user can fix.
 */
import { z } from 'zod';
import { EMPLOYEE_MODEL_IDS, SYNC_FREQUENCY_IDS } from '../knit/models';
import { ENVIRONMENT_NAME_PATTERN } from '../knit/environments';
import { EventWindowQuerySchema, type EventWindow, type EventWindowQuery } from './event-filter';
import {
  EmployeeScopeSchema,
  EmployeeWindowQuerySchema,
  OrgTreeQuerySchema,
  type DepartmentCounts,
  type EmployeeScope,
  type EmployeeWindow,
  type EmployeeWindowQuery,
  type OrgLevel,
  type OrgTreeQuery,
} from './employee-query';
import {
  ConnectSettingsSchema,
  StartConnectSchema,
  type ConnectSettingsInput,
  type ConnectView,
  type StartConnectInput,
  type StartConnectResult,
} from './connect';
import type {
  CompanionStatus,
  EmployeeDetail,
  EmployeeSummary,
  EnvironmentInfo,
  EventDetail,
  EventSummary,
  ForwardTarget,
  RejectedDelivery,
  ReverifyResult,
  ReplayResult,
  RunSummary,
  Settings,
  SyncJob,
  UpdateBatch,
} from './types';
import type { CheckReport } from './check';
import { SetDemoScenariosSchema, type DemoView, type SetDemoScenariosInput } from './demo';
import {
  ComposeEventSchema,
  SaveWorkbenchSchema,
  DeliverComposedSchema,
  type ComposedSendResult,
  type ComposeEventInput,
  type SaveWorkbenchInput,
  type DeliverComposedInput,
  type WorkbenchSettings,
} from './workbench';

const id = z.string().min(1, 'This id cannot be empty.').max(512, 'An id is at most 512 characters.');
const environmentName = z.string().regex(ENVIRONMENT_NAME_PATTERN, 'A name is letters, digits, - and _ only, up to 32.');
const httpUrl = z.url({ protocol: /^https?$/, error: 'Enter an http:// or https:// URL.' });
/** An API key or authtoken: trimmed, at least 8 characters (Knit's and ngrok's are far longer). */

export const EventQuerySchema = z.object({
  /** Only events with `seq` greater than this (paging forward in arrival order). */
  afterSeq: z.number().int().nonnegative().optional(),
  limit: z.number().int().positive().max(20_000).optional(),
  integrationId: id.optional(),
  syncRunId: id.optional(),
  recordId: id.optional(),
});
export type EventQuery = z.infer<typeof EventQuerySchema>;

export const EmployeeKeySchema = z.object({ integrationId: id, recordId: id });
export type EmployeeKey = z.infer<typeof EmployeeKeySchema>;

export const EmployeeQuerySchema = z.object({
  integrationId: id.optional(),
  includeDeleted: z.boolean().optional(),
  /** Only employees after this one in (integrationId, recordId) order (paging forward; keyset, so nothing is skipped). */
  afterKey: EmployeeKeySchema.optional(),
  /** At most this many; without it every matching employee. */
  limit: z.number().int().positive().max(20_000).optional(),
});
export type EmployeeQuery = z.infer<typeof EmployeeQuerySchema>;

/**
 * `sync.start` in either of Knit's shapes: the guide's (models, frequency, destination) by default, or, with
 * `dashboardWebhook`, the current reference's (no destination and no frequency: Knit delivers to the webhook
 * registered in its dashboard). `startHour` and `startMinute` go together.
 */
/** The options of `sync.start` beyond models, frequency and destination (Knit's current reference), all optional. */
export const StartOptionsSchema = z.object({
  syncType: z.enum(['initial_sync', 'delta_sync']).optional(),
  honorScheduler: z.boolean().optional(),
  includeInactiveRecords: z.boolean().optional(),
  startHour: z.number().int().min(0).max(23).optional(),
  startMinute: z.number().int().min(0).max(59).optional(),
  /** Send no destination (nor frequency): the webhook registered in Knit's dashboard receives the sync. */
  dashboardWebhook: z.boolean().optional(),
});

export const StartSyncSchema = z
  .object({
    integrationId: id,
    environment: environmentName.optional(),
    models: z.array(z.enum(EMPLOYEE_MODEL_IDS)).min(1),
    frequency: z.enum(SYNC_FREQUENCY_IDS),
    /** Defaults to the current public webhook URL. */
    destination: httpUrl.optional(),
    ...StartOptionsSchema.shape,
  })
  .refine((s) => (s.startHour === undefined) === (s.startMinute === undefined), 'give startHour and startMinute together')
  .refine((s) => !(s.dashboardWebhook && s.destination), 'a dashboard webhook start takes no destination');
export type StartSyncInput = z.infer<typeof StartSyncSchema>;

export const UpdateSyncSchema = z.object({
  integrationId: id,
  models: z.array(z.enum(EMPLOYEE_MODEL_IDS)).min(1).optional(),
  frequency: z.enum(SYNC_FREQUENCY_IDS).optional(),
  destination: httpUrl.optional(),
});
export type UpdateSyncInput = z.infer<typeof UpdateSyncSchema>;

export const IntegrationRefSchema = z.object({ integrationId: id });
export type IntegrationRef = z.infer<typeof IntegrationRefSchema>;

/** An API key or the ngrok authtoken as entered (surrounding spaces dropped); the UI's forms check it too. */
export const SecretValueSchema = z.string().trim().min(8, 'That is too short for a key: paste the whole of it (8 characters or more).').max(4096);

export const SetApiKeySchema = z.object({
  environment: environmentName,
  /** The key, or null to delete it. */
  key: SecretValueSchema.nullable(),
});
export type SetApiKeyInput = z.infer<typeof SetApiKeySchema>;

export const SaveEnvironmentSchema = z.object({ name: environmentName, baseUrl: httpUrl });
export type SaveEnvironmentInput = z.infer<typeof SaveEnvironmentSchema>;

export const SettingsPatchSchema = z
  .object({
    activeEnvironment: environmentName,
    integrations: z.array(z.object({ integrationId: id, label: z.string().max(200), environment: environmentName })),
    tunnelMode: z.enum(['ngrok', 'manual', 'off']),
    publicUrl: httpUrl.nullable(),
    /** A host name only (ngrok's `domain`): `my-app.ngrok.app`, no scheme, port or path. */
    ngrokDomain: z
      .string()
      .trim()
      .max(253, 'A domain is at most 253 characters.')
      .regex(/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/, 'Enter a domain such as my-app.ngrok.app: no https://, no port, no path.')
      .nullable(),
    autoUpdateDestination: z.boolean(),
    retentionDays: z
      .number('Retention is a number of days.')
      .int('Retention must be a whole number of days.')
      .positive('Retention must be at least 1 day.')
      .max(36_500, 'Retention is at most 36,500 days.')
      .nullable(),
    defaultModels: z.array(z.enum(EMPLOYEE_MODEL_IDS)),
    defaultFrequency: z.enum(SYNC_FREQUENCY_IDS),
  })
  .partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const SetAuthtokenSchema = z.object({ token: SecretValueSchema.nullable() });
export type SetAuthtokenInput = z.infer<typeof SetAuthtokenSchema>;

export const ExportSchema = z.object({
  kind: z.enum(['employees', 'events', 'runs', 'rejected']),
  format: z.enum(['ndjson', 'csv']).default('ndjson'),
  integrationId: id.optional(),
  /** Employees: deleted ones too. Off by default, in the UI as in `knit-sync export employees`. */
  includeDeleted: z.boolean().default(false),
  /** Only these events (the UI's selection), for `events`. */
  eventIds: z.array(id).max(100_000).optional(),
});
export type ExportInput = z.input<typeof ExportSchema>;
/** An export's content, for the UI to save as a file. */
export interface ExportResult {
  filename: string;
  mimeType: string;
  content: string;
  rows: number;
}

export const PurgeSchema = z
  .object({
    integrationId: id.optional(),
    all: z.boolean().optional(),
    olderThanDays: z.number().nonnegative().optional(),
  })
  .refine((p) => Boolean(p.integrationId) !== Boolean(p.all), 'give either integrationId or all');
export type PurgeInput = z.infer<typeof PurgeSchema>;
export interface PurgeResult {
  events: number;
  employees: number;
}

export const ProblemRefSchema = z.object({ id });

/** An event-type filter entry: a type (`record.new`) or a family (`record.*`). */
const eventTypeFilter = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+(\.\*)?$/, 'an event type such as record.new, or a family such as record.*')
  .max(100);

/** One forward target as the UI saves it (no id: a new one). Session targets (`serve --forward-to`) are not saved. */
export const ForwardTargetInputSchema = z.object({
  id: id.optional(),
  url: httpUrl,
  enabled: z.boolean(),
  eventTypes: z.array(eventTypeFilter).max(50).default([]),
});
export type ForwardTargetInput = z.input<typeof ForwardTargetInputSchema>;

/** The saved forward targets, replacing the previous list. */
export const SaveForwardTargetsSchema = z.object({ targets: z.array(ForwardTargetInputSchema).max(20) });
export type SaveForwardTargetsInput = z.input<typeof SaveForwardTargetsSchema>;

/**
 * Send stored events again to `to`: the given events or every event of a sync run, in their original arrival
 * order, with the original signature or re-signed with the API key of `resignWithEnvironment`.
 */
export const ReplaySchema = z
  .object({
    to: httpUrl,
    eventIds: z.array(id).min(1).max(100_000).optional(),
    syncRunId: id.optional(),
    resignWithEnvironment: environmentName.optional(),
  })
  .refine((r) => (r.eventIds === undefined) !== (r.syncRunId === undefined), 'give either eventIds or syncRunId');
export type ReplayInput = z.infer<typeof ReplaySchema>;

/** Runs the handler check suite (`knit-sync check`) against a forward target, signed with an environment's key. */
export const CheckHandlerSchema = z.object({
  targetId: id,
  environment: environmentName,
  /** The answer-time limit in seconds (default 10): slower fails, over half of it warns. */
  timeoutSeconds: z.number().positive().max(600).optional(),
});
export type CheckHandlerInput = z.infer<typeof CheckHandlerSchema>;

/** Called with every batch of changes; returns nothing. */
export type UpdateListener = (batch: UpdateBatch) => void;
export type Unsubscribe = () => void;

/** The Companion as the renderer sees it. */
export interface CompanionApi {
  getStatus(): Promise<CompanionStatus>;
  getSettings(): Promise<Settings>;
  /** Accepted events in arrival order (ascending `seq`), at most `limit` (default 5,000). */
  listEvents(query?: EventQuery): Promise<EventSummary[]>;
  /** A window of the events passing a filter, newest first, and their counts (event-filter.ts): what a list shows. */
  queryEvents(query: EventWindowQuery): Promise<EventWindow>;
  getEvent(input: { eventId: string }): Promise<EventDetail | null>;
  listRuns(): Promise<RunSummary[]>;
  /**
   * The directory in (integrationId, recordId) order (UTF-16 code unit order); every match unless `limit` is
   * given. Page with `afterKey` = the last employee of the previous page until a page is shorter than `limit`.
   */
  listEmployees(query?: EmployeeQuery): Promise<EmployeeSummary[]>;
  getEmployee(input: EmployeeKey): Promise<EmployeeDetail | null>;
  /** A window of the directory passing a filter, in a column's order, and its counts (employee-query.ts): what the table shows. */
  queryEmployees(query: EmployeeWindowQuery): Promise<EmployeeWindow>;
  /** Active employees per department of one integration (all when null), for the chart. */
  employeeDepartments(input: EmployeeScope): Promise<DepartmentCounts>;
  /** One level of an integration's org tree (the top-level people, or one manager's reports), with each one's counts. */
  employeeOrgTree(query: OrgTreeQuery): Promise<OrgLevel>;
  /** The rejected log, newest last. */
  listRejected(): Promise<RejectedDelivery[]>;
  /**
   * Checks every kept refused delivery again with the current keys: each that now verifies is accepted as if
   * it had just arrived (dedupe, journal, apply) and leaves the rejected log.
   */
  reverifyRejected(): Promise<ReverifyResult>;
  listJobs(): Promise<SyncJob[]>;

  saveSettings(patch: SettingsPatch): Promise<Settings>;
  setApiKey(input: SetApiKeyInput): Promise<EnvironmentInfo[]>;
  saveEnvironment(input: SaveEnvironmentInput): Promise<EnvironmentInfo[]>;
  deleteEnvironment(input: { name: string }): Promise<EnvironmentInfo[]>;
  setNgrokAuthtoken(input: SetAuthtokenInput): Promise<CompanionStatus>;
  dismissProblem(input: { id: string }): Promise<CompanionStatus>;

  startSync(input: StartSyncInput): Promise<SyncJob>;
  updateSync(input: UpdateSyncInput): Promise<SyncJob>;
  pauseSync(input: IntegrationRef): Promise<SyncJob>;
  resumeSync(input: IntegrationRef): Promise<SyncJob>;

  exportData(input: ExportInput): Promise<ExportResult>;
  purge(input: PurgeInput): Promise<PurgeResult>;

  /** The forward targets: the saved ones, then this run's session targets. */
  listForwardTargets(): Promise<ForwardTarget[]>;
  /** Replaces the saved forward targets (session targets stay); returns the whole list. */
  saveForwardTargets(input: SaveForwardTargetsInput): Promise<ForwardTarget[]>;
  /**
   * Sends stored events again, one at a time in arrival order, one attempt each; progress arrives in
   * `UpdateBatch.replays` and the attempts in `UpdateBatch.forwards`. Resolves when every event was sent.
   * Rejects when no stored event matches or the environment has no API key.
   */
  replay(input: ReplayInput): Promise<ReplayResult>;
  /**
   * Grades a forward target's handler with the check suite (the same as `knit-sync check`); resolves with the
   * scorecard once every check ran. Rejects when the target or the environment's key is missing.
   */
  checkHandler(input: CheckHandlerInput): Promise<CheckReport>;
  /** The pass-through target and answer rules: saved ones and this run's. */
  getWorkbench(): Promise<WorkbenchSettings>;
  /** Saves the pass-through target and answer rules; they apply from the next delivery. Rejects a bad rule or unknown target. */
  saveWorkbench(input: SaveWorkbenchInput): Promise<WorkbenchSettings>;
  /** The composer's starting body: a template of an event type (pretty JSON), or a stored event's body as received. */
  composeEvent(input: ComposeEventInput): Promise<{ body: string }>;
  /** Signs a composed body with an environment's key and POSTs it as Knit would; resolves with the answer. */
  deliverComposed(input: DeliverComposedInput): Promise<ComposedSendResult>;

  /** Connected integrations (issue 15) and each environment's connect settings. */
  getConnections(): Promise<ConnectView>;
  /** Saves an environment's component URL, auto-start option or the webhook URL registered in Knit's dashboard. */
  saveConnectSettings(input: ConnectSettingsInput): Promise<ConnectView>;
  /**
   * `auth.createSession` with the environment's key, then Knit's UI component opens: in the shell's own window
   * (desktop), or at `pagePath` of the UI's origin for the renderer to open in a new tab (headless).
   */
  startConnect(input: StartConnectInput): Promise<StartConnectResult>;

  /** The demo emulator's Scenario menu; null unless this Companion runs inside `knit-sync demo`. */
  getDemo(): Promise<DemoView | null>;
  /** Chooses the demo emulator's scenarios for its next runs. Rejects outside the demo, or for an unknown name. */
  setDemoScenarios(input: SetDemoScenariosInput): Promise<DemoView>;

  /** Registers a listener for update batches; the returned function unsubscribes. */
  subscribe(listener: UpdateListener): Unsubscribe;
}

/** Every request/response method of the contract (all but `subscribe`). */
export type CompanionMethod = Exclude<keyof CompanionApi, 'subscribe'>;

/** Each method's input schema, typed against its parameter: a schema whose output the method cannot take fails to compile. */
type InputSchemas = { [M in CompanionMethod]: z.ZodType<Parameters<CompanionApi[M]>[0]> };

/**
 * The input schema of every method, for each transport's edge to validate once (dispatch.ts).
 * `z.undefined()` for methods without input; it cannot miss a method nor drift from its parameter type.
 */
export const COMPANION_INPUTS = {
  getStatus: z.undefined(),
  getSettings: z.undefined(),
  listEvents: EventQuerySchema.optional(),
  queryEvents: EventWindowQuerySchema,
  getEvent: z.object({ eventId: id }),
  listRuns: z.undefined(),
  listEmployees: EmployeeQuerySchema.optional(),
  getEmployee: EmployeeKeySchema,
  queryEmployees: EmployeeWindowQuerySchema,
  employeeDepartments: EmployeeScopeSchema,
  employeeOrgTree: OrgTreeQuerySchema,
  listRejected: z.undefined(),
  reverifyRejected: z.undefined(),
  listJobs: z.undefined(),
  saveSettings: SettingsPatchSchema,
  setApiKey: SetApiKeySchema,
  saveEnvironment: SaveEnvironmentSchema,
  deleteEnvironment: z.object({ name: environmentName }),
  setNgrokAuthtoken: SetAuthtokenSchema,
  dismissProblem: ProblemRefSchema,
  startSync: StartSyncSchema,
  updateSync: UpdateSyncSchema,
  pauseSync: IntegrationRefSchema,
  resumeSync: IntegrationRefSchema,
  exportData: ExportSchema,
  purge: PurgeSchema,
  listForwardTargets: z.undefined(),
  saveForwardTargets: SaveForwardTargetsSchema,
  replay: ReplaySchema,
  getConnections: z.undefined(),
  saveConnectSettings: ConnectSettingsSchema,
  startConnect: StartConnectSchema,
  checkHandler: CheckHandlerSchema,
  getWorkbench: z.undefined(),
  saveWorkbench: SaveWorkbenchSchema,
  composeEvent: ComposeEventSchema,
  deliverComposed: DeliverComposedSchema,
  getDemo: z.undefined(),
  setDemoScenarios: SetDemoScenariosSchema,
} satisfies InputSchemas;

/** The method names, in a stable order (the preload and the HTTP client are generated from this list). */
export const COMPANION_METHODS = Object.keys(COMPANION_INPUTS) as CompanionMethod[];

/** The IPC channel of a method in the Electron shell; the update stream uses `companion:update`. */
export const ipcChannel = (method: CompanionMethod): string => `companion:${method}`;
export const IPC_UPDATE_CHANNEL = 'companion:update';
export const IPC_SUBSCRIBE_CHANNEL = 'companion:subscribe';
