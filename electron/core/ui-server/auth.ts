/**
 * Who may talk to the headless UI server: the browser that opened the printed `?token=` link (it then holds
 * an HttpOnly SameSite=Strict cookie), or a script presenting `Authorization: Bearer <token>`. Requests from
 * another Origin, or addressed to another Host (DNS rebinding), are refused. Cookie syntax: RFC 6265;
 * Origin: RFC 6454; Bearer: RFC 6750.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The cookie holding the token. Cookies ignore ports, so the name carries the port to keep servers apart. */
export const cookieName = (port: number): string => `knit_ui_${port}`;

/** Constant-time comparison of a presented token with the server's (false when absent or of another length). */
export function tokenMatches(presented: string | undefined | null, token: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The value of one cookie in a `Cookie` request header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The `Set-Cookie` value that stores the token for this server's origin. */
export const tokenCookie = (port: number, token: string): string =>
  `${cookieName(port)}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`;

/** Whether the request carries the token as our cookie or as a Bearer credential. */
export function isAuthorized(req: IncomingMessage, port: number, token: string): boolean {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ') && tokenMatches(auth.slice(7).trim(), token)) return true;
  return tokenMatches(readCookie(req.headers.cookie, cookieName(port)), token);
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
