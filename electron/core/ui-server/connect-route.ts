/**
 * The headless shell's component pages (issue 15): `GET /connect/<token>` serves Knit's UI component in a page
 * of its own (connect/connect-page.ts: its own CSP, sandboxed to an opaque origin), and
 * `POST /connect/<token>/event` takes the component's events back. The one-purpose token in the path is the
 * only credential these routes take, and it opens nothing else: `/api/*` still wants the UI's token and
 * refuses the page's `Origin: null`. The event body is bounded (16 KB) and validated by the Connections service.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderConnectPage } from '../connect/connect-page';
import type { ConnectHost } from '../companion';

const MAX_EVENT_BYTES = 16 * 1024;
const PATH = /^\/connect\/([A-Za-z0-9_-]{16,64})(\/event)?$/;

/** Whether `pathname` is one of these routes. */
export const isConnectPath = (pathname: string): boolean => PATH.test(pathname);

/** Handles a request for a connect route; `uiOrigin` is e.g. `http://127.0.0.1:8788`. */
export async function handleConnect(connect: ConnectHost, pathname: string, uiOrigin: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const [, token, event] = PATH.exec(pathname) ?? [];
  const page = token ? connect.page(token) : null;
  const text = (status: number, body: string): void =>
    void res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(`${body}\n`);
  if (!page || !token) return (req.resume(), text(404, 'This component page expired or is unknown: start again from Setup.'));
  const origin = req.headers.origin;
  if (!event) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return (req.resume(), text(405, 'Only GET here.'));
    if (origin !== undefined && origin !== uiOrigin) return text(403, 'Refused: another origin.');
    const { html, headers } = renderConnectPage(page, uiOrigin);
    return void res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : html);
  }
  // The sandboxed page has an opaque origin: its requests say `Origin: null`.
  if (origin !== undefined && origin !== 'null' && origin !== uiOrigin) return (req.resume(), text(403, 'Refused: another origin.'));
  if (req.method !== 'POST') return (req.resume(), text(405, 'Only POST here.'));
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_EVENT_BYTES) return text(413, `An event is at most ${MAX_EVENT_BYTES} bytes.`);
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return text(400, 'The event is not JSON.');
  }
  try {
    await connect.event(token, body);
    text(200, 'ok');
  } catch (error) {
    text(400, error instanceof Error ? error.message : String(error));
  }
}
