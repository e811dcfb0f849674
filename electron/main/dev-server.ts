/**
 * `npm run dev`: the window loads the Vite dev server (VITE_DEV_SERVER_URL) instead of app://companion. Its
 * responses get the relaxed development CSP (csp.ts) as a header. Never used by a packaged app: there the
 * variable is ignored, so that an environment cannot point the installed app at another page.
 */
import type { Session } from 'electron';
import { developmentCsp } from './csp';

/** The dev server URL to load: VITE_DEV_SERVER_URL when set and the app is not packaged (app.isPackaged), else undefined. */
export function devServerUrlOf(env: NodeJS.ProcessEnv, isPackaged: boolean): string | undefined {
  return isPackaged ? undefined : env.VITE_DEV_SERVER_URL || undefined;
}

/** Sets the development CSP header on every response from the dev server's origin. */
export function applyDevelopmentCsp(session: Session, devServerUrl: string): void {
  const origin = new URL(devServerUrl).origin;
  const policy = developmentCsp(devServerUrl);
  session.webRequest.onHeadersReceived({ urls: [`${origin}/*`] }, (details, callback) => {
    const headers = Object.fromEntries(Object.entries(details.responseHeaders ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'));
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [policy] } });
  });
}
