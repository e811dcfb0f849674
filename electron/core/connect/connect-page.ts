/**
 * The HTML of a component page (headless shell): `<knit-auth authsessiontoken=…>` with a `slot="trigger"`
 * button, the component's module script, and a small inline script (allowed by its nonce) that posts the
 * component's four events back to `/connect/<token>/event`. Its CSP allows exactly one script origin (the
 * component's) besides that nonce, and `sandbox allow-scripts ...` without `allow-same-origin` gives the
 * page an opaque origin: no cookie of the UI, and the UI server refuses its `Origin: null` on `/api/*`.
 */
import { randomBytes } from 'node:crypto';
import type { ConnectPage } from './pages';

/** The events the page passes back (Knit's "UI component event glossary"). */
export const COMPONENT_EVENTS = ['onNewSession', 'onFinish', 'onDeactivate', 'onKnitClose'] as const;

/** The name under which the desktop window's dedicated preload exposes its one function (`send(type, detail)`). */
export const CONNECT_BRIDGE = 'knitConnect';

/**
 * The CSP of a component page; `uiOrigin` is where the events go (connect-src), null in the desktop window
 * (events go through its preload). `meta`: without the directives a `<meta>` CSP cannot carry.
 */
export function connectPageCsp(componentUrl: string, nonce: string, uiOrigin: string | null, meta = false): string {
  const origin = new URL(componentUrl).origin;
  const directives = [
    "default-src 'none'",
    `script-src ${origin} 'nonce-${nonce}'`,
    `connect-src ${origin}${uiOrigin ? ` ${uiOrigin}` : ''}`,
    `img-src ${origin} data:`,
    `font-src ${origin}`,
    `frame-src ${origin}`,
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
  ];
  if (!meta) directives.push("frame-ancestors 'none'", 'sandbox allow-scripts allow-forms allow-popups allow-modals');
  return directives.join('; ');
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page and its headers. `uiOrigin`: the UI server's origin, where the events are posted (headless); null:
 * the desktop window, where they go to its preload's `knitConnect.send` and the CSP is a `<meta>` (the page
 * is a data: URL, an opaque origin already).
 */
export function renderConnectPage(page: ConnectPage, uiOrigin: string | null): { html: string; headers: Record<string, string> } {
  const nonce = randomBytes(16).toString('base64');
  const post = uiOrigin
    ? `fetch(${JSON.stringify(`${uiOrigin}/connect/${page.token}/event`)}, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ type, detail }) })`
    : `window.${CONNECT_BRIDGE}.send(type, detail).then(() => ({ ok: true, status: 200 }))`;
  const meta = uiOrigin ? '' : `\n<meta http-equiv="Content-Security-Policy" content="${escapeHtml(connectPageCsp(page.componentUrl, nonce, null, true))}">`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">${meta}<title>Connect an HR system: ${escapeHtml(page.originOrgName)}</title>
<meta name="referrer" content="no-referrer">
<style>body{font:14px/1.5 system-ui,sans-serif;margin:40px auto;max-width:560px;padding:0 16px;color:#0f172a}
@media (prefers-color-scheme: dark){body{background:#0f172a;color:#e2e8f0}}
button{font:inherit;padding:9px 16px;border-radius:6px;border:0;background:#4f46e5;color:#fff;cursor:pointer}
#status{margin-top:16px;color:#64748b}code{font-size:12px}</style></head>
<body><h1 style="font-size:20px">Connect an HR system</h1>
<p>For <strong>${escapeHtml(page.originOrgName)}</strong>, in the <strong>${escapeHtml(page.environment)}</strong> environment. The component below comes from <code>${escapeHtml(page.componentUrl)}</code>; this page passes only its events back to the Companion.</p>
<knit-auth authsessiontoken="${escapeHtml(page.sessionToken)}"><button slot="trigger" type="button">Connect your HR system</button></knit-auth>
<p id="status" role="status"></p>
<script type="module" src="${escapeHtml(page.componentUrl)}"></script>
<script nonce="${nonce}">
const auth = document.querySelector('knit-auth');
const status = document.getElementById('status');
for (const type of ${JSON.stringify(COMPONENT_EVENTS)}) {
  auth.addEventListener(type, (event) => {
    let detail = null;
    try { detail = JSON.parse(JSON.stringify(event.detail ?? null)); } catch {}
    ${post}
      .then((r) => { if (type === 'onFinish') status.textContent = r.ok ? 'Connected: the Companion lists the integration in Setup. You can close this tab.' : 'The Companion did not take the event (HTTP ' + r.status + ').'; })
      .catch(() => { status.textContent = 'The Companion could not be reached.'; });
    if (type === 'onDeactivate') status.textContent = 'Deactivated.';
  });
}
</script></body></html>`;
  return {
    html,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': connectPageCsp(page.componentUrl, nonce, uiOrigin, !uiOrigin),
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
    },
  };
}
