/**
 * The emulator's Knit API: an HTTP server (loopback) answering the sync calls of KNIT_API_PATHS under
 * `/v1.0`, like `https://api.getknit.dev/v1.0`, with Knit's envelope (`{success: true, data}` /
 * `{success: false, error: {msg}}`) and an `X-Knit-Execution-Id` header on every answer. It checks
 * `Authorization: Bearer <key>` (401 otherwise) and `X-Knit-Integration-Id`, validates bodies with zod, and
 * hands each call to a `KnitSyncBackend` (the Emulator). Test hooks (`faults`) make the next answers fail
 * (a status, a Retry-After, a delay) to exercise clients. Source: shared/knit/README.md "Hosts" and "Sync API".
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { EMPLOYEE_MODEL_IDS, SYNC_FREQUENCY_IDS } from '../../../shared/knit/models';
import { KNIT_API_PATHS, type KnitApiCall } from '../knit/paths';
import { knitId } from './ids';

/** The API base path, as in Knit's hosts. */
export const EMULATOR_API_BASE_PATH = '/v1.0';

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The `sync.start` body the emulator accepts: the guide's (frequency, destination) or Knit's current
 * reference's (neither; startHour/startMinute), see SYNC_START_CONTRACTS in knit/paths.ts. Without a
 * destination the run goes to the webhook registered in the emulator (its "dashboard").
 */
export const SyncStartBodySchema = z.object({
  dataType: z.literal('employee'),
  models: z.array(z.enum(EMPLOYEE_MODEL_IDS)).min(1),
  frequency: z.enum(SYNC_FREQUENCY_IDS).optional(),
  destination: z.url({ protocol: /^https?$/ }).optional(),
  syncType: z.enum(['initial_sync', 'delta_sync']).optional(),
  honorScheduler: z.boolean().optional(),
  includeInactiveRecords: z.boolean().optional(),
  startHour: z.number().int().min(0).max(23).optional(),
  startMinute: z.number().int().min(0).max(59).optional(),
});
/** A valid `sync.start` body. */
export type SyncStartBody = z.infer<typeof SyncStartBodySchema>;

/** The `sync.update` body: the job, the data type, and any of models, frequency, destination. */
export const SyncUpdateBodySchema = z.object({
  syncJobId: z.string().min(1),
  dataType: z.literal('employee'),
  models: z.array(z.enum(EMPLOYEE_MODEL_IDS)).min(1).optional(),
  frequency: z.enum(SYNC_FREQUENCY_IDS).optional(),
  destination: z.url({ protocol: /^https?$/ }).optional(),
});
/** A valid `sync.update` body. */
export type SyncUpdateBody = z.infer<typeof SyncUpdateBodySchema>;

/** The body of `sync.pause` and `sync.resume`. */
export const SyncJobRefBodySchema = z.object({ syncJobId: z.string().min(1) });

/** What the server does with each valid call; errors thrown as `KnitCallError` become Knit error envelopes. */
export interface KnitSyncBackend {
  syncStart(integrationId: string, body: SyncStartBody): Record<string, unknown>;
  syncUpdate(integrationId: string, body: SyncUpdateBody): Record<string, unknown>;
  syncPause(integrationId: string, syncJobId: string): Record<string, unknown>;
  syncResume(integrationId: string, syncJobId: string): Record<string, unknown>;
}

/** A refusal with an HTTP status and Knit's `error.msg`. */
export class KnitCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One injected misbehaviour: answer `status` (with `retryAfter`), and/or wait `delayMs` first. */
export interface Fault {
  /** The status to answer instead of handling the call (with an error envelope); omit to handle it after the delay. */
  status?: number;
  /** The `Retry-After` header value (seconds or an HTTP date). */
  retryAfter?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** A body to send instead of the error envelope (e.g. not JSON). */
  body?: string;
}

/** The queue of faults applied to the next requests, one each, in order. */
export class FaultQueue {
  private readonly queue: Fault[] = [];

  /** The next `times` requests get `fault`. */
  add(fault: Fault, times = 1): void {
    for (let i = 0; i < times; i++) this.queue.push(fault);
  }

  clear(): void {
    this.queue.length = 0;
  }

  take(): Fault | undefined {
    return this.queue.shift();
  }
}

/** What the API server answers with, and the one key it accepts. */
export interface KnitApiServerOptions {
  backend: KnitSyncBackend;
  /** The only key accepted as `Authorization: Bearer <key>`. */
  apiKey: string;
  faults?: FaultQueue;
  /** Receives one line per call (never the key). */
  log?: (line: string) => void;
  /**
   * Other routes (the UI component's: auth-session.ts), tried first with the path, the request, the response
   * and a bounded body reader; true when handled.
   */
  routes?: (path: string, req: IncomingMessage, res: ServerResponse, readBody: () => Promise<string | null>) => Promise<boolean>;
}

const ROUTES = new Map<string, KnitApiCall>(
  (Object.keys(KNIT_API_PATHS) as KnitApiCall[]).map((call) => [EMULATOR_API_BASE_PATH + KNIT_API_PATHS[call].path, call]),
);

/** Creates (does not start) the server. */
export function createKnitApiServer(options: KnitApiServerOptions): Server {
  return createServer((req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      send(res, 500, { success: false, error: { msg: `emulator error: ${error instanceof Error ? error.message : String(error)}` } });
    });
  });
}

async function handle(options: KnitApiServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const fault = options.faults?.take();
  if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  if (fault?.status !== undefined) {
    const headers: Record<string, string> = fault.retryAfter ? { 'retry-after': fault.retryAfter } : {};
    req.resume();
    return send(res, fault.status, fault.body ?? { success: false, error: { msg: `injected failure (HTTP ${fault.status})` } }, headers);
  }

  const path = new URL(req.url ?? '/', 'http://emulator').pathname;
  if (options.routes && (await options.routes(path, req, res, () => readBody(req)))) return;
  const call = ROUTES.get(path);
  if (!call) return refuse(req, res, 404, `no such API: ${path}`);
  if (req.method !== 'POST') return refuse(req, res, 405, `${call} takes POST`, { allow: 'POST' });
  if (!bearerMatches(req.headers.authorization, options.apiKey)) return refuse(req, res, 401, 'Invalid API key');
  const integrationId = req.headers['x-knit-integration-id'];
  if (typeof integrationId !== 'string' || !integrationId) return refuse(req, res, 400, 'X-Knit-Integration-Id header is required');

  const raw = await readBody(req);
  if (raw === null) return send(res, 413, { success: false, error: { msg: 'request body too large' } });
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return send(res, 400, { success: false, error: { msg: 'request body is not JSON' } });
  }
  try {
    const data = dispatch(options.backend, call, integrationId, json);
    options.log?.(`knit emulator: ${call} for ${integrationId}: 200`);
    send(res, 200, { success: true, data });
  } catch (error) {
    const status = error instanceof KnitCallError ? error.status : error instanceof z.ZodError ? 400 : 500;
    const msg = error instanceof z.ZodError ? z.prettifyError(error).replace(/\n/g, ' ') : error instanceof Error ? error.message : String(error);
    options.log?.(`knit emulator: ${call} for ${integrationId}: ${status} ${msg}`);
    send(res, status, { success: false, error: { msg } });
  }
}

function dispatch(backend: KnitSyncBackend, call: KnitApiCall, integrationId: string, body: unknown): Record<string, unknown> {
  switch (call) {
    case 'sync.start':
      return backend.syncStart(integrationId, SyncStartBodySchema.parse(body));
    case 'sync.update':
      return backend.syncUpdate(integrationId, SyncUpdateBodySchema.parse(body));
    case 'sync.pause':
      return backend.syncPause(integrationId, SyncJobRefBodySchema.parse(body).syncJobId);
    case 'sync.resume':
      return backend.syncResume(integrationId, SyncJobRefBodySchema.parse(body).syncJobId);
    case 'auth.createSession':
      throw new KnitCallError(404, 'auth.createSession is not emulated: the Knit UI component needs Knit itself');
  }
}

/** Whether an `Authorization` header is `Bearer <key>` (constant-time). */
export function bearerMatches(header: string | undefined, key: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!.trim());
  const expected = Buffer.from(key);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The body as UTF-8, or null beyond MAX_BODY_BYTES (the rest is read and dropped, not buffered). */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8');
}

function refuse(req: IncomingMessage, res: ServerResponse, status: number, msg: string, headers: Record<string, string> = {}): void {
  req.resume();
  send(res, status, { success: false, error: { msg } }, headers);
}

/** Answers `body` (JSON unless a string) with `X-Knit-Execution-Id`, as Knit does. */
export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end();
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-knit-execution-id': knitId('ex'),
    ...headers,
  });
  res.end(text);
}
