/**
 * `POST /api/<method>`: one CompanionApi call. The body is the method's input as JSON (empty for none),
 * validated with `COMPANION_INPUTS[method]`; the answer is `{ok:true,result}` (200) or `{ok:false,error}`
 * with one sentence and a 4xx/5xx status (400 bad input, 404 unknown method, 405 not POST, 413 too large,
 * 415 not JSON, 500 the call failed unless the error carries its own `status`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  COMPANION_INPUTS,
  type CompanionApi,
  type CompanionMethod,
} from '../../../shared/api/companion-api';

/** Largest accepted request body: an export of 100,000 selected event ids fits. */
export const MAX_API_BODY_BYTES = 8 * 1024 * 1024;

/** An HTTP-level failure with the sentence to return. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const isMethod = (name: string): name is CompanionMethod => Object.hasOwn(COMPANION_INPUTS, name);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_API_BODY_BYTES) throw new HttpError(413, `The request body is larger than ${MAX_API_BODY_BYTES} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function parseInput(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (text.trim() === '') return undefined;
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    throw new HttpError(415, 'Send the input as JSON with Content-Type: application/json.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
}

/** One sentence naming each invalid field, e.g. `Invalid input for startSync: models: Too small...`. */
function describeIssues(method: string, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  const parts = issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message));
  return `Invalid input for ${method}: ${parts.join('; ')}.`;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** The HTTP status for a failure: ours, or one the Companion's error carries (4xx/5xx), else 500. */
function statusOf(err: unknown): number {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

/** Handles one `/api/<method>` request against `api`; never throws. */
export async function handleApiCall(
  api: CompanionApi,
  methodName: string,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  try {
    if (!isMethod(methodName)) throw new HttpError(404, `There is no API method named "${methodName}".`);
    if (req.method !== 'POST') throw new HttpError(405, `Call ${methodName} with POST.`);
    const parsed = COMPANION_INPUTS[methodName].safeParse(await parseInput(req));
    if (!parsed.success) throw new HttpError(400, describeIssues(methodName, parsed.error.issues));
    const call = api[methodName] as (input: unknown) => Promise<unknown>;
    const result = await call.call(api, parsed.data);
    send(res, 200, { ok: true, result: result ?? null }, headers);
  } catch (err) {
    const status = statusOf(err);
    const message = err instanceof Error && err.message ? err.message : 'The call failed for an unknown reason.';
    if (!res.headersSent) send(res, status, { ok: false, error: message }, headers);
    else res.destroy();
  }
}
