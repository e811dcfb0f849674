/**
 * One HTTP POST of a stored event's exact bytes to the user's own handler, with a bounded wait and a bounded
 * copy of the answer. Used by the forwarder (forwarder.ts) and replay (replay.ts). node:http rather than fetch
 * so that exactly the given headers go out (fetch adds its own, e.g. `accept`, `user-agent`, `sec-fetch-mode`)
 * and connection errors keep their codes (ECONNREFUSED...). One connection per request (`agent: false`): no
 * reuse of a socket the handler may have closed meanwhile.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';

/** What one attempt came to. */
export interface SendResult {
  /** The HTTP status, or null when none arrived. */
  status: number | null;
  /** A 2xx status (RFC 9110 section 15.3: the request succeeded). */
  ok: boolean;
  /** From starting the request to the end of the response or the error, in whole milliseconds. */
  durationMs: number;
  /** The first `previewBytes` of the response body, UTF-8 decoded; null when the body was empty or none arrived. */
  responsePreview: string | null;
  /** The failure in words (a non-2xx status, a connection error, the timeout), null on success. */
  error: string | null;
  /** The answer's Content-Type, null when it had none or none arrived. */
  contentType?: string | null;
}

/** Bounds of one attempt. */
export interface SendOptions {
  /** The whole exchange (connect, send, status, body) must finish within this many ms. */
  timeoutMs: number;
  /** How much of the response body is kept. */
  previewBytes: number;
  /** Abandons the request (the result then says `aborted`). */
  signal?: AbortSignal;
}

/**
 * POSTs `body` to `url` with exactly `headers` (plus `Content-Length`). Never throws: every failure is a
 * SendResult with `error` set.
 */
export function sendOnce(url: string, body: Buffer, headers: Record<string, string>, options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (result: Omit<SendResult, 'durationMs'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const fail = (error: string, status: number | null = null, responsePreview: string | null = null): void =>
      finish({ status, ok: false, responsePreview, error });

    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return fail(`${url} is not a URL`);
    }
    const send = target.protocol === 'https:' ? httpsRequest : target.protocol === 'http:' ? httpRequest : null;
    if (!send) return fail(`${target.protocol} URLs are not supported; use http or https`);

    timer = setTimeout(() => {
      fail(`no answer within ${formatSeconds(options.timeoutMs)}`);
      req.destroy();
    }, options.timeoutMs);
    const req = send(
      target,
      { method: 'POST', agent: false, signal: options.signal, headers: { ...headers, 'content-length': String(body.length) } },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        const kept: Buffer[] = [];
        let keptBytes = 0;
        res.on('data', (chunk: Buffer) => {
          if (keptBytes >= options.previewBytes) return;
          const part = chunk.subarray(0, options.previewBytes - keptBytes);
          kept.push(part);
          keptBytes += part.length;
        });
        res.on('end', () => {
          const preview = keptBytes > 0 ? Buffer.concat(kept).toString('utf8') : null;
          const ok = status >= 200 && status < 300;
          const contentType = res.headers['content-type'] ?? null;
          finish({
            status,
            ok,
            responsePreview: preview,
            contentType,
            error: ok ? null : `answered ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`,
          });
        });
        res.on('error', (error) => fail(`the answer broke off (${connectionError(error, target)})`, status));
      },
    );
    req.on('error', (error) => fail(error.name === 'AbortError' ? 'aborted' : connectionError(error, target)));
    req.end(body);
  });
}

/** A connection error in words, e.g. `connection refused by 127.0.0.1:3000`. */
export function connectionError(error: Error, target: URL): string {
  const where = target.host;
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ECONNREFUSED':
      return `connection refused by ${where} (is the handler running?)`;
    case 'ECONNRESET':
      return `connection reset by ${where}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host ${target.hostname} not found`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} is unreachable`;
    case 'ETIMEDOUT':
      return `connecting to ${where} timed out`;
    default:
      return error.message || String(error);
  }
}

const formatSeconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);
