/**
 * Where the renderer comes from. Production: our own privileged scheme `app://companion/` (standard + secure,
 * so it has a real origin, unlike file://), served from dist/renderer (protocol.ts). Development
 * (`npm run dev`): the Vite dev server named by VITE_DEV_SERVER_URL. The IPC sender check and the navigation
 * guard compare against this origin. Electron security checklist:
 * https://www.electronjs.org/docs/latest/tutorial/security (items 13, 17).
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'companion';
/** The production origin, as `originOf()` spells it. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The renderer's origin and first URL: the dev server when `devServerUrl` is set, else `app://companion`. */
export function rendererLocation(devServerUrl: string | undefined): { origin: string; startUrl: string } {
  if (devServerUrl) {
    const url = new URL(devServerUrl);
    return { origin: originOf(url), startUrl: url.href };
  }
  return { origin: APP_ORIGIN, startUrl: `${APP_ORIGIN}/index.html` };
}

/**
 * `scheme://host[:port]` of a parsed URL. Not `URL.origin`: Node's URL parser (the main process's) does not
 * know that Electron registered `app:` as a standard scheme and answers "null" for it (WHATWG URL: the
 * origin of a non-special scheme is opaque).
 */
export function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/** Whether `url` parses and has exactly the origin `origin` (scheme, host and port). */
export function hasOrigin(url: string, origin: string): boolean {
  try {
    return originOf(new URL(url)) === origin;
  } catch {
    return false;
  }
}
