/**
 * Who may talk to the headless UI server: a caller presenting the per-run token as `Authorization: Bearer
 * <token>` or, on the update WebSocket, as a subprotocol (shared/api/ui-auth.ts). No cookie: cookies are not
 * isolated by port (RFC 6265 section 8.5), so any other server on 127.0.0.1 would receive one. The page keeps the token of the
 * printed `?token=` link in sessionStorage, which is per origin, port included. Requests from another Origin,
 * or addressed to another Host (DNS rebinding), are refused (Origin: RFC 6454).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_SUBPROTOCOL_PREFIX } from '../../../shared/api/ui-auth';

/** Constant-time comparison of a presented token with the server's (false when absent or of another length). */
export function tokenMatches(presented: string | undefined | null, token: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token offered as a WebSocket subprotocol (`Sec-WebSocket-Protocol: knit-ui, knit-token.<token>`), or undefined. */
function subprotocolToken(req: IncomingMessage): string | undefined {
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  return offered.find((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX))?.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
}

/** Whether the request carries the token as a Bearer credential or, on a WebSocket upgrade, as a subprotocol. */
export function isAuthorized(req: IncomingMessage, token: string): boolean {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ') && tokenMatches(auth.slice(7).trim(), token)) return true;
  return req.headers.upgrade?.toLowerCase() === 'websocket' && tokenMatches(subprotocolToken(req), token);
}

/**
 * Why a request must be refused for where it comes from, or null when it may proceed: its Host must name
 * this server on loopback, and its Origin, when sent, must be this server's own origin.
 */
export function originProblem(req: IncomingMessage, port: number): string | null {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(req.headers.host ?? '')) return 'This server answers only on 127.0.0.1.';
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) {
    return `Requests from ${origin} are refused: only this page's own origin may call the API.`;
  }
  return null;
}
