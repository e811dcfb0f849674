/**
 * The `app://companion/` protocol: serves dist/renderer to the window with the CSP header on every response.
 * `registerAppScheme()` must run before the app is ready (Electron: protocol.registerSchemesAsPrivileged);
 * `serveRenderer()` after. A path that resolves outside the folder is a 404, as is any other host.
 * API: https://www.electronjs.org/docs/latest/api/protocol#protocolhandlescheme-handler
 */
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { resolveRendererFile } from '../core/renderer-files';
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { PRODUCTION_CSP } from './csp';

/** Headers of every response of the protocol, whatever its status. */
const SECURITY_HEADERS = {
  'Content-Security-Policy': PRODUCTION_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Declares `app:` standard and secure (a real origin, fetch allowed). Call before `app.whenReady()`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves `rendererDir` on `app://companion/`. Call after the app is ready. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createRendererHandler(rendererDir));
}

function respond(status: number, body: ConstructorParameters<typeof Response>[0], contentType = 'text/plain; charset=utf-8'): Response {
  return new Response(body, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': contentType } });
}

/**
 * The protocol handler: GET `app://companion/<path>` → the file under `rendererDir`; a path without an
 * extension that is not a file → index.html (client-side routes); outside the folder, another host, a
 * missing asset → 404; another method → 405.
 */
export function createRendererHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = path.resolve(rendererDir);
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return respond(404, 'Not found.\n');
    }
    if (url.host !== APP_HOST) return respond(404, 'Not found.\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method not allowed.\n');
    const found = await resolveRendererFile(root, url.pathname);
    if (found.kind !== 'file') return respond(404, 'Not found.\n');
    try {
      const body = await readFile(found.file);
      return respond(200, request.method === 'HEAD' ? null : body, found.contentType);
    } catch {
      return respond(404, 'Not found.\n');
    }
  };
}
