/**
 * The webhook listener: node:http on loopback (127.0.0.1, and ::1 where the machine has it), one path
 * (default `/knithook`), POST only (405 + `Allow: POST`, RFC 9110 section 15.5.6), other paths 404. The body
 * is read raw (chunked or not, any content type) up to `maxBodyBytes`: beyond it, 413 as soon as the
 * Content-Length or the streamed count says so, the rest discarded unbuffered and the connection closed.
 * Slow senders are cut by `headersTimeout` / `requestTimeout`. Keep-alive works as usual. The bytes of bodies
 * in flight are bounded by a BodyBudget (body-budget.ts): a request that finds its pool full is answered 503
 * with `Retry-After` and its body is not kept.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log';
import { sendJson } from '../http/json-call';
import { BodyBudget } from './body-budget';

/** A request that reached the listener's path with POST and a body within the limit. */
export interface Delivery {
  headers: IncomingHttpHeaders;
  body: Buffer;
  remoteAddress: string | null;
  receivedAt: string;
}

/** A body over the limit: what is known of it. */
export interface OversizedDelivery {
  headers: IncomingHttpHeaders;
  /** The declared Content-Length, or the bytes counted when it was exceeded. */
  bodySize: number;
  /** The first bytes received, if any. */
  preview: Buffer;
  remoteAddress: string | null;
  receivedAt: string;
}

export interface Reply {
  status: number;
  body: Record<string, unknown>;
  /** Extra response headers, e.g. `Retry-After`. */
  headers?: Record<string, string>;
  /** Sent instead of `body` when set: another server's answer passed on as it came (pass-through). */
  raw?: { contentType: string | null; bytes: Buffer };
}

export interface ListenerOptions {
  host?: string;
  port: number;
  path: string;
  maxBodyBytes?: number;
  /** Also listen on ::1 (default true; skipped where the machine has no IPv6 loopback). */
  ipv6?: boolean;
  /** Time to receive a request's headers (ms); default `KNIT_SYNC_HEADERS_TIMEOUT_MS` or 10,000. */
  headersTimeoutMs?: number;
  /** Time to receive a whole request, body included (ms); default `KNIT_SYNC_REQUEST_TIMEOUT_MS` or 30,000. */
  requestTimeoutMs?: number;
  onDelivery(delivery: Delivery): Promise<Reply>;
  onOversized(delivery: OversizedDelivery): Reply;
  /** A body not read because the in-flight budget is spent (answered 503 + Retry-After). */
  onBusy(delivery: OversizedDelivery): Reply;
  /** The budget of body bytes held at once; default a new BodyBudget(DEFAULT_BODY_BUDGET). */
  bodyBudget?: BodyBudget;
  log: Logger;
}

export interface Listener {
  /** `http://127.0.0.1:<port><path>`. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish (at most `graceMs`), closes idle keep-alive sockets. */
  close(graceMs?: number): Promise<void>;
}

/**
 * The slow-sender limits when the options give none: the environment's `KNIT_SYNC_HEADERS_TIMEOUT_MS` /
 * `KNIT_SYNC_REQUEST_TIMEOUT_MS` (positive integers, for tests and operators), else 10 s for the headers and
 * 30 s for the whole request (Knit sends one small JSON body per request; node:http's own defaults are 60 s /
 * 300 s). The request timeout is never shorter than the headers timeout (node:http requires it).
 */
export function requestTimeouts(
  options: Pick<ListenerOptions, 'headersTimeoutMs' | 'requestTimeoutMs'>,
  env: NodeJS.ProcessEnv = process.env,
): { headersTimeout: number; requestTimeout: number } {
  const fromEnv = (name: string): number | undefined => {
    const value = Number(env[name]);
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  const headersTimeout = options.headersTimeoutMs ?? fromEnv('KNIT_SYNC_HEADERS_TIMEOUT_MS') ?? 10_000;
  const requestTimeout = options.requestTimeoutMs ?? fromEnv('KNIT_SYNC_REQUEST_TIMEOUT_MS') ?? 30_000;
  return { headersTimeout, requestTimeout: Math.max(headersTimeout, requestTimeout) };
}

/** 10 MB: far above a Knit event (one employee record), small enough to refuse floods. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
const PREVIEW_BYTES = 2048;
/** After a 413, bodies up to this many times the limit are read to their end and dropped (see tooLarge). */
const DISCARD_LIMIT_FACTOR = 4;

/**
 * Binds the listener.
 * @throws Error with code EADDRINUSE (port in use) or another listen error.
 */
export async function startListener(options: ListenerOptions): Promise<Listener> {
  const host = options.host ?? '127.0.0.1';
  const budget = options.bodyBudget ?? new BodyBudget();
  const handler = (req: IncomingMessage, res: ServerResponse): void => handle(req, res, options, budget);
  const timeouts = requestTimeouts(options);
  const make = (): Server => {
    const server = createServer(
      {
        ...timeouts,
        keepAliveTimeout: 30_000,
        connectionsCheckingInterval: Math.min(1_000, timeouts.headersTimeout),
      },
      handler,
    );
    server.on('clientError', (error, socket) => {
      if (socket.writable && !socket.writableEnded) {
        const status =
          (error as NodeJS.ErrnoException).code === 'HPE_HEADER_OVERFLOW'
            ? 431
            : (error as NodeJS.ErrnoException).code === 'ERR_HTTP_REQUEST_TIMEOUT'
              ? 408
              : 400;
        socket.end(
          `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
        );
      }
      socket.destroy();
    });
    return server;
  };
  const main = make();
  await listen(main, options.port, host);
  const port = (main.address() as AddressInfo).port;
  const servers = [main];
  if (options.ipv6 !== false && host === '127.0.0.1') {
    const v6 = make();
    try {
      await listen(v6, port, '::1');
      servers.push(v6);
    } catch (error) {
      options.log.debug(`not listening on [::1]:${port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  return {
    url: `http://${host}:${port}${options.path}`,
    port,
    close: async (graceMs = 10_000) => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              const force = setTimeout(() => server.closeAllConnections(), graceMs);
              force.unref();
              server.close(() => {
                clearTimeout(force);
                resolve();
              });
              server.closeIdleConnections();
            }),
        ),
      );
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function handle(req: IncomingMessage, res: ServerResponse, options: ListenerOptions, budget: BodyBudget): void {
  const receivedAt = new Date().toISOString();
  const path = (req.url ?? '/').split('?')[0];
  const remoteAddress = req.socket.remoteAddress ?? null;
  if (path !== options.path)
    return discardAndReply(req, res, { status: 404, body: { error: 'not_found', message: `Webhooks are received at ${options.path}.` } });
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return discardAndReply(req, res, { status: 405, body: { error: 'method_not_allowed', message: 'Only POST is accepted.' } });
  }
  const max = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const declared = Number(req.headers['content-length'] ?? NaN);
  const unread = (bodySize: number, preview: Buffer): OversizedDelivery => ({ headers: req.headers, bodySize, preview, remoteAddress, receivedAt });
  if (Number.isFinite(declared) && declared > max) return refuseUnread(req, res, options, options.onOversized(unread(declared, Buffer.alloc(0))));
  const reservation = budget.reserve();
  res.once('close', reservation.release);
  if (Number.isFinite(declared) && !reservation.grow(declared)) return refuseUnread(req, res, options, options.onBusy(unread(declared, Buffer.alloc(0))));
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  const onData = (chunk: Buffer): void => {
    size += chunk.length;
    const overLimit = size > max;
    if (overLimit || !reservation.grow(size)) {
      refused = true;
      req.off('data', onData);
      const preview = previewOf(chunks);
      chunks.length = 0;
      reservation.release();
      refuseUnread(req, res, options, overLimit ? options.onOversized(unread(size, preview)) : options.onBusy(unread(size, preview)), size);
      return;
    }
    chunks.push(chunk);
  };
  req.on('data', onData);
  req.on('error', () => {
    refused = true;
  });
  req.on('end', () => {
    if (refused) return;
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
    options.onDelivery({ headers: req.headers, body, remoteAddress, receivedAt }).then(
      (reply) => reply && send(res, reply),
      (error: unknown) => {
        options.log.error(`delivery failed: ${(error as Error).message}`);
        send(res, { status: 500, body: { error: 'internal', message: 'The event could not be handled.' } });
      },
    );
  });
}

/** The first PREVIEW_BYTES of a body read as `chunks`, copying no more than those (a refused body may be 10 MB). */
function previewOf(chunks: readonly Buffer[]): Buffer {
  const first: Buffer[] = [];
  let bytes = 0;
  for (const chunk of chunks) {
    if (bytes >= PREVIEW_BYTES) break;
    first.push(chunk);
    bytes += chunk.length;
  }
  return Buffer.concat(first).subarray(0, PREVIEW_BYTES);
}

/**
 * Answers `reply` (a 413 or 503) and drops the rest of the body as it arrives (never buffered); `received` is
 * what was read so far. The connection stays open while the sender finishes a body of at most
 * DISCARD_LIMIT_FACTOR x the limit, so that a client still writing reads the answer instead of a reset
 * (closing a socket with unread data sends RST, which can destroy the answer in the client's buffer: RFC 9112
 * section 9.6); beyond that, or when the declared length is beyond it, the connection is closed shortly after.
 */
function refuseUnread(req: IncomingMessage, res: ServerResponse, options: ListenerOptions, reply: Reply, received = 0): void {
  const limit = DISCARD_LIMIT_FACTOR * (options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  const cutOff = (): void => {
    const timer = setTimeout(() => req.socket.destroy(), 2_000);
    timer.unref();
    req.socket.once('close', () => clearTimeout(timer));
  };
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared)) {
    // the parser stops at the declared length: read it to the end unless it is beyond the limit
    if (declared > limit) {
      res.setHeader('Connection', 'close');
      cutOff();
    }
  } else {
    const count = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limit) {
        req.off('data', count);
        cutOff();
      }
    };
    req.on('data', count);
  }
  discardAndReply(req, res, reply);
}

function discardAndReply(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  req.on('data', () => {});
  req.resume();
  send(res, reply);
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  if (reply.raw) {
    res.writeHead(reply.status, { ...(reply.raw.contentType && { 'Content-Type': reply.raw.contentType }), 'Content-Length': reply.raw.bytes.length });
    return void res.end(reply.raw.bytes);
  }
  sendJson(res, reply.status, reply.body, reply.headers);
}
