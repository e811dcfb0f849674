/**
 * Which links the window may open in the user's browser (shell.openExternal): https only, no credentials in
 * the URL, and only these hosts: Knit's docs and site, ngrok's dashboard and docs, GitHub. Everything else is
 * denied (Electron security checklist item 15, https://www.electronjs.org/docs/latest/tutorial/security).
 */

export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  'getknit.dev',
  'www.getknit.dev',
  'developers.getknit.dev',
  'docs.getknit.dev',
  'ngrok.com',
  'dashboard.ngrok.com',
  'github.com',
]);

/** Whether `url` may be opened in the browser. */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.port === '' && EXTERNAL_HOSTS.has(parsed.hostname);
}
