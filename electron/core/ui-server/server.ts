/**
 * The headless shell's UI server: serves the built renderer and the CompanionApi over HTTP on 127.0.0.1
 * (`POST /api/<method>`, WebSocket `/api/updates`) behind a per-run token (auth.ts). The first page load
 * carries the token as `?token=`: a wrong one answers 401, the right one the page, which keeps it in
 * sessionStorage, drops it from the address bar and presents it on every call. Without it `/api/*` answers
 * 401; foreign Origins get 403. Static files are served to anyone who reaches loopback: they hold no data.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { CompanionApi } from '../../../shared/api/companion-api';
import { failure } from '../../../shared/api/reply';
import { sendReply } from '../http/json-call';
import { handleApiCall } from './api-route';
import type { ConnectHost } from '../companion';
import { handleConnect, isConnectPath } from './connect-route';
import { UI_SUBPROTOCOL } from '../../../shared/api/ui-auth';
import { isAuthorized, originProblem, tokenMatches } from './auth';
import { securityHeaders, serveStatic } from './static-files';
import { attachUpdates } from './updates-socket';

export interface UiServerOptions {
  api: CompanionApi;
  /** Only loopback is supported. Default 127.0.0.1. */
  host?: '127.0.0.1';
  /** TCP port; 0 takes a free one. */
  port: number;
  /** The built renderer folder (dist/renderer). */
  staticDir: string;
  /** The token to require; default 24 random bytes, base64url. */
  token?: string;
  /** Knit's UI component pages (`/connect/<one-purpose token>`, connect-route.ts); absent: no such pages. */
  connect?: ConnectHost;
}

export interface UiServer {
  /** The link to open once: `http://127.0.0.1:<port>/?token=<token>`. */
  url: string;
  port: number;
  token: string;
  /** Closes the WebSockets and the listener. */
  close(): Promise<void>;
}

const UPDATES_PATH = '/api/updates';

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Starts the server; rejects when the port cannot be bound (e.g. EADDRINUSE). */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = options.port;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (offered) => (offered.has(UI_SUBPROTOCOL) ? UI_SUBPROTOCOL : false),
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const headers = securityHeaders(port);
    const pathname = new URL(req.url ?? '/', `http://${host}:${port}`).pathname;
    if (options.connect && isConnectPath(pathname) && req.headers.host === `${host}:${port}`) {
      return handleConnect(options.connect, pathname, `http://${host}:${port}`, req, res);
    }
    const problem = originProblem(req, port);
    if (problem) return plain(res, 403, problem, headers);
    const url = new URL(req.url ?? '/', `http://${host}:${port}`);

    const presented = url.searchParams.get('token');
    if (presented !== null) {
      if (!tokenMatches(presented, token)) return plain(res, 401, "This link's token is not the one of the running server: use the link it printed.", headers);
      if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Only GET here.', headers);
      return serveStatic(req, res, options.staticDir, url.pathname, { ...headers, 'Cache-Control': 'no-store' });
    }

    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      if (!isAuthorized(req, token)) {
        req.resume();
        return sendReply(res, failure('unauthorized', 'Not authorized: open the link with ?token= that knit-sync printed.'), headers);
      }
      return handleApiCall(options.api, url.pathname.slice('/api/'.length), req, res, headers);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Only GET here.', headers);
    return serveStatic(req, res, options.staticDir, url.pathname, headers);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const pathname = new URL(req.url ?? '/', `http://${host}:${port}`).pathname;
    if (pathname !== UPDATES_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (originProblem(req, port)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!isAuthorized(req, token)) return refuseUpgrade(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => attachUpdates(options.api, ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address && typeof address === 'object') port = address.port;

  return {
    url: `http://${host}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
