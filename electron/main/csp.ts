/**
 * The renderer's Content-Security-Policy, sent as a response header (CSP Level 3,
 * https://www.w3.org/TR/CSP3/). The production policy allows only our own origin; React inline `style`
 * attributes (virtual lists, charts) need style-src 'unsafe-inline'. The development policy adds what
 * Vite's dev server needs (its inline React Refresh preamble and its HMR WebSocket) and is used only
 * when VITE_DEV_SERVER_URL is set.
 */

const BASE = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
} satisfies Record<string, string[]>;

/** The policy for the packaged renderer on `app://companion`. */
export const PRODUCTION_CSP = serialize(BASE);

/** The relaxed policy for the Vite dev server at `devServerUrl` (e.g. `http://localhost:5173/`). */
export function developmentCsp(devServerUrl: string): string {
  const url = new URL(devServerUrl);
  const ws = `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`;
  return serialize({
    ...BASE,
    'script-src': ["'self'", "'unsafe-inline'"],
    'connect-src': ["'self'", ws],
  });
}

function serialize(policy: Record<string, string[]>): string {
  return Object.entries(policy)
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join('; ');
}
