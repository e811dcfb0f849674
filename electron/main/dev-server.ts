/**
 * `npm run dev`: the window loads the Vite dev server (VITE_DEV_SERVER_URL) instead of app://companion. Its
 * responses get the relaxed development CSP (csp.ts) as a header. Never used by a packaged app.
 */
import type { Session } from 'electron';
import { developmentCsp } from './csp';

/** Sets the development CSP header on every response from the dev server's origin. */
export function applyDevelopmentCsp(session: Session, devServerUrl: string): void {
  const origin = new URL(devServerUrl).origin;
  const policy = developmentCsp(devServerUrl);
  session.webRequest.onHeadersReceived({ urls: [`${origin}/*`] }, (details, callback) => {
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'),
    );
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [policy] } });
  });
}
