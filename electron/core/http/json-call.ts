/**
 * The JSON request and reply of the UI's HTTP API and the control endpoint: a bounded body read, the input
 * parsed as JSON (empty for none), and the ApiReply written with its status (shared/api/reply.ts). The webhook
 * listener writes its JSON answers with sendJson too (its body reader stays its own: receiver/listener.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, statusOf, type ApiReply } from '../../../shared/api/reply';

/** Reads the whole body; past `maxBytes` it stops keeping bytes and throws ApiError `too_large`. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      req.resume(); // drain the rest so that the reply can still be read
      throw new ApiError('too_large', `The request body is larger than ${maxBytes} bytes.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The body as a method's input: undefined when empty, else JSON.
 * @throws ApiError `not_json` when `requireJsonType` and the Content-Type is not JSON; `invalid_input` for bad JSON.
 */
export async function readJsonInput(req: IncomingMessage, maxBytes: number, requireJsonType: boolean): Promise<unknown> {
  const text = (await readBody(req, maxBytes)).toString('utf8');
  if (text.trim() === '') return undefined;
  if (requireJsonType && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    throw new ApiError('not_json', 'Send the input as JSON with Content-Type: application/json.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('invalid_input', 'The request body is not valid JSON.');
  }
}

/** Writes `value` as a JSON response (UTF-8, exact Content-Length) with `status` and the extra `headers`. */
export function sendJson(res: ServerResponse, status: number, value: unknown, headers?: Record<string, string>): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Writes `reply` as JSON with the status of the one rule (statusOf), never cached. */
export function sendReply(res: ServerResponse, reply: ApiReply, headers: Record<string, string> = {}): void {
  sendJson(res, statusOf(reply), reply, { ...headers, 'Cache-Control': 'no-store' });
}
