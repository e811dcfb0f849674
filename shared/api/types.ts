/**
 * The shapes that cross the CompanionApi boundary (IPC in Electron, HTTP + WebSocket in the headless shell).
 * All times are ISO 8601 strings (UTC); all ids are Knit's opaque strings.
 */
import type { EmployeeModelId, SyncFrequency } from '../knit/models';
import type { EnvironmentName } from '../knit/environments';
import type { RejectionReason } from './rejections';

/** The colour family of an event type, the same everywhere in the UI. */
export type EventCategory = 'new' | 'modified' | 'deleted' | 'sync' | 'unknown';

/** Why an accepted event carries a warning mark. */
export interface EventFlag {
  /** `envelope-filled`: a JSON object without a string eventId (stored under `sha256:<hex>` of its bytes) or eventType. */
  code: 'schema' | 'other-environment-key' | 'no-integration-header' | 'unknown-type' | 'envelope-filled';
  message: string;
}

/** One accepted event, as listed (no body). `seq` is the arrival order, 1-based, unique in a data folder. */
export interface EventSummary {
  seq: number;
  eventId: string;
  eventType: string;
  category: EventCategory;
  syncType: string | null;
  syncJobId: string | null;
  syncRunId: string | null;
  recordId: string | null;
  /** From the `X-Knit-Integration-Id` header; null when the header was missing. */
  integrationId: string | null;
  receivedAt: string;
  /** The environment whose API key verified the signature. */
  environment: EnvironmentName;
  /** How many times Knit delivered it again after the first (dedupe on `eventId`). */
  retries: number;
  /** Employee display name and work email when the body has them. */
  name: string | null;
  email: string | null;
  flags: EventFlag[];
}

/** One accepted event in full. */
export interface EventDetail extends EventSummary {
  /** Knit's headers and the request's content type, as received (lower-case names). */
  headers: Record<string, string>;
  /** The body exactly as received, decoded as UTF-8 (byte-exact copy is in the journal). */
  rawBody: string;
  /** The parsed body. */
  body: unknown;
  /** For `record.*`: the body of the event that set this record's previous version, for a diff. */
  previous: { seq: number; eventId: string; eventType: string; receivedAt: string; body: unknown } | null;
  /** Schema warnings (also summarised in `flags`). */
  warnings: string[];
  /** Every forward and replay attempt of this event that is still in the bounded attempt log, oldest first. */
  forwards?: ForwardAttempt[];
  /** For `app.integration.activate`: what was read from it (a guessed shape) and the sync it started. */
  activation?: (import('./connect').ActivationState & { integrationId: string }) | null;
}

/** One employee of the synced directory, keyed by (integrationId, recordId). */
export interface EmployeeSummary {
  integrationId: string;
  recordId: string;
  deleted: boolean;
  name: string | null;
  email: string | null;
  employeeNumber: string | null;
  department: string | null;
  designation: string | null;
  managerId: string | null;
  managerName: string | null;
  employmentStatus: string | null;
  /** When the current version was received, and by which event. */
  updatedAt: string;
  lastEventId: string;
  deletedAt: string | null;
  /** How many events set a version of this record (new, modified, deleted). */
  versions: number;
}

export interface EmployeeDetail extends EmployeeSummary {
  /** `eventData` of the event that set the current version (the last data before a delete). */
  data: Record<string, unknown>;
  /** Every event about this record, oldest first. */
  timeline: EventSummary[];
}

/** `running` until `sync.events.processed`, `processed` until `sync.events.allConsumed`, then `completed`. */
export type RunStatus = 'running' | 'processed' | 'completed';

export interface RunSummary {
  syncRunId: string;
  syncJobId: string | null;
  integrationId: string | null;
  syncType: string | null;
  status: RunStatus;
  /** Knit's figures from the sync events; null until the event carrying them arrived. */
  processed: number | null;
  emitted: number | null;
  consumed: number | null;
  /** Knit's own times from the sync events (converted from epoch ms), null until known. */
  startedAt: string | null;
  processedAt: string | null;
  completedAt: string | null;
  firstEventAt: string;
  lastEventAt: string;
  /** Accepted events of this run per event type (first deliveries only). */
  counts: Record<string, number>;
}

/** One refused request of the bounded rejected log. */
export interface RejectedDelivery {
  id: number;
  receivedAt: string;
  status: number;
  reason: RejectionReason;
  /** The diagnosis in words, specific to this request (e.g. which keys were tried). */
  detail: string;
  remoteAddress: string | null;
  headers: Record<string, string>;
  bodySize: number;
  /** The first bytes of the body (bounded), UTF-8 decoded. */
  preview: string;
  /**
   * A delivery refused for its signature keeps its whole body for a check again with the current keys
   * (`reverifyRejected`): `kept`, or `dropped` when the byte budget for kept bodies pushed it out. Absent: not kept.
   */
  fullBody?: 'kept' | 'dropped';
  /** The `syncRunId` the kept body claims (unverified: looked up in its first 64 KB), or null. */
  syncRunId?: string | null;
}

/** What a check again of one kept refused delivery gave: stored or a duplicate once it verified, else still refused. */
export interface ReverifyOutcome {
  /** The rejected log entry's id. */
  id: number;
  /** The event's id once its body verified; null while it does not. */
  eventId: string | null;
  result: 'stored' | 'duplicate' | 'still_refused';
}

/** The result of `reverifyRejected`. */
export interface ReverifyResult {
  outcomes: ReverifyOutcome[];
  checked: number;
  stored: number;
  duplicate: number;
  stillRefused: number;
  /** Refused deliveries in the log whose body was dropped for the byte budget: they cannot be checked again. */
  bodiesDropped: number;
}

/**
 * What the UI learns of a secret (an API key, the ngrok authtoken): never its value. `unreadable` is a saved
 * value that cannot be used (the OS keychain cannot decrypt it): the user enters it again.
 */
export interface SecretStatus {
  state: 'set' | 'unset' | 'unreadable';
  /**
   * Where the value in use comes from: an environment variable of the process (headless shell:
   * `KNIT_API_KEY`, `KNIT_SANDBOX_API_KEY`, `NGROK_AUTHTOKEN`) or saved from the UI (keychain or secrets.json).
   */
  source: 'environment-variable' | 'saved' | null;
  /** The environment variable's name when `source` is `environment-variable`. */
  variable: string | null;
  /** A value is saved too but the environment variable wins over it (the saved one is not used). */
  savedIgnored: boolean;
  /** The value's last four characters when set. */
  last4: string | null;
}

export interface EnvironmentInfo {
  name: EnvironmentName;
  baseUrl: string;
  builtIn: boolean;
  keySet: boolean;
  /** The key's last four characters once saved: all the UI ever learns of it. */
  keyLast4: string | null;
  /** The key's state and where it comes from (keySet and keyLast4 repeat part of it). */
  key: SecretStatus;
}

export interface IntegrationEntry {
  integrationId: string;
  label: string;
  environment: EnvironmentName;
}

export type TunnelMode = 'ngrok' | 'manual' | 'off';
export type TunnelState = 'off' | 'connecting' | 'online' | 'reconnecting' | 'offline' | 'error';

export interface TunnelStatus {
  mode: TunnelMode;
  state: TunnelState;
  publicUrl: string | null;
  /** ngrok's error code (e.g. ERR_NGROK_105) and message, or our own sentence. */
  error: { code: string | null; message: string } | null;
  /** Whether an ngrok authtoken is saved (never the token). */
  authtokenSet: boolean;
  domain: string | null;
  /** The authtoken's state and where it comes from (set by the Companion, not the tunnel manager). */
  authtoken: SecretStatus;
}

export interface SyncJob {
  integrationId: string;
  environment: EnvironmentName;
  syncJobId: string;
  models: EmployeeModelId[];
  frequency: SyncFrequency;
  destination: string;
  state: 'active' | 'paused';
  /** Started without a destination (Knit's current reference): Knit delivers to the webhook registered in its dashboard. */
  dashboardWebhook?: boolean;
  startedAt: string;
  updatedAt: string;
  /** How many initial syncs were started on this job (each `sync.start`, each models change). */
  initialSyncs: number;
  /** Set when the job's destination no longer matches the current public webhook URL. */
  stale: { destination: string; current: string } | null;
  lastError: string | null;
}

/** A file set aside at startup or a write problem, shown in the UI until dismissed. */
export interface StoreProblem {
  id: string;
  at: string;
  kind: 'torn-journal' | 'corrupt-journal' | 'corrupt-snapshot' | 'corrupt-document' | 'write-failed' | 'corrupt-secrets' | 'unreadable-secret';
  message: string;
  /** Where the unreadable part was moved, when it was. */
  setAsidePath: string | null;
}

export interface Settings {
  activeEnvironment: EnvironmentName;
  integrations: IntegrationEntry[];
  listenerPath: string;
  tunnelMode: TunnelMode;
  /** The manual public URL (another tunnel), origin only. */
  publicUrl: string | null;
  ngrokDomain: string | null;
  /** Perform `sync.update` with the new destination when the public URL changes. */
  autoUpdateDestination: boolean;
  /** Delete stored events and employees older than this many days; null keeps everything. */
  retentionDays: number | null;
  /** Sync form defaults. */
  defaultModels: EmployeeModelId[];
  defaultFrequency: SyncFrequency;
}

export interface CompanionStatus {
  version: string;
  /** When this Companion process started (ISO): runs whose last event is older were interrupted (shared/api/run-state.ts). */
  startedAt?: string;
  dataDir: string;
  listener: { url: string | null; state: 'starting' | 'listening' | 'error'; error: string | null };
  tunnel: TunnelStatus;
  /** The webhook URL Knit should call: tunnel URL or manual public URL + path, else the listener URL. */
  destination: string | null;
  /** Why `destination` will not work from Knit, e.g. it is a loopback address. */
  destinationWarning: string | null;
  counts: { received: number; rejected: number; retries: number; employees: number };
  environments: EnvironmentInfo[];
  problems: StoreProblem[];
}

/**
 * Where verified events are forwarded: the user's own webhook handler (typically
 * `http://localhost:3000/knithook`). Each stored event goes to every enabled target whose filter it passes,
 * with its original body bytes and Knit's headers.
 */
export interface ForwardTarget {
  /** Stable id (`ft_…`), assigned when the target is saved. */
  id: string;
  url: string;
  enabled: boolean;
  /** Only these event types (`record.new`, or a family as `record.*`); empty forwards every type. */
  eventTypes: string[];
  /** Added by `knit-sync serve --forward-to` for this run only: not saved, not editable. */
  session: boolean;
  /** Live figures since the Companion started: events waiting, answered 2xx, given up on, dropped (queue full). */
  queued: number;
  delivered: number;
  failed: number;
  dropped: number;
  /** The last failure in words (status or connection error), null once an attempt succeeds. */
  lastError: string | null;
}

/**
 * One HTTP attempt to deliver a stored event to a URL: a forward (automatic, after storing) or a replay.
 * A forward that is not answered 2xx is retried with backoff a bounded number of times (`attempt` counts up);
 * `final` marks the last attempt of that delivery.
 */
export interface ForwardAttempt {
  /** Increasing id within the data folder's attempt log. */
  id: number;
  eventId: string;
  /** `pass-through`: the handler's answer was Knit's; `answer`: an answer rule (or the normal answer after the rules). */
  kind: 'forward' | 'replay' | 'pass-through' | 'answer';
  /** The forward target's id, or null for a replay to any URL. */
  targetId: string | null;
  url: string;
  /** The replay job, for `kind: 'replay'`. */
  replayId: string | null;
  /** 1 for the first try, 2 for the first retry... */
  attempt: number;
  /** When the request started (ISO 8601). */
  at: string;
  /** The HTTP status answered, or null when none was (connection error, timeout, queue full). */
  status: number | null;
  ok: boolean;
  /** From sending the request to the end of the response (or the error), in milliseconds; null when not sent. */
  durationMs: number | null;
  /** The first bytes of the response body (bounded, UTF-8 decoded), null when there was none. */
  responsePreview: string | null;
  /** The failure in words ("connection refused", "no answer within 10 s", "queue full, not forwarded"), else null. */
  error: string | null;
  /** True when no further attempt will be made for this delivery. */
  final: boolean;
  /** The environment whose API key re-signed the body, or null when the original signature was sent. */
  resignedWith: string | null;
}

/** A replay job: stored events sent again, one at a time in their original arrival order. */
export interface ReplayJob {
  replayId: string;
  to: string;
  state: 'running' | 'done';
  total: number;
  sent: number;
  ok: number;
  failed: number;
  resignedWith: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** What `replay` resolves to once every event was sent: the job's figures and one attempt per event. */
export interface ReplayResult {
  replayId: string;
  sent: number;
  ok: number;
  failed: number;
  attempts: ForwardAttempt[];
}

/** Changes pushed to subscribers, batched (one batch per flush, never one per event). */
export interface UpdateBatch {
  /** Newly accepted events, in arrival order. */
  events?: EventSummary[];
  /** Events already sent whose summary changed (a redelivery counted as a retry). */
  eventsChanged?: EventSummary[];
  /** Employees added or changed (a deleted one stays, marked `deleted`; a purge sends `reset`). */
  employees?: EmployeeSummary[];
  runs?: RunSummary[];
  rejected?: RejectedDelivery[];
  jobs?: SyncJob[];
  status?: CompanionStatus;
  settings?: Settings;
  /** Stored data was purged: drop local copies and query again. */
  reset?: true;
  /** New forward and replay attempts, in the order they finished. */
  forwards?: ForwardAttempt[];
  /** The forward targets with their live figures (the whole list, when anything about them changed). */
  forwardTargets?: ForwardTarget[];
  /** Replay jobs whose progress changed. */
  replays?: ReplayJob[];
  /** Connected integrations and connect settings, whole, when anything about them changed. */
  connections?: import('./connect').ConnectView;
}
