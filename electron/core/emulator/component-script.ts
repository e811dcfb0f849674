/**
 * The emulator's `<knit-auth>`: a module script standing in for Knit's UI component
 * (`https://af1.getknit.dev/knit-ui-comp.js`), with the same attribute (`authsessiontoken`, and `skipintro`),
 * the same `slot="trigger"` child that opens it, and the same events (Knit's "UI component event glossary"):
 * `onNewSession` (the token is unknown or expired), `onFinish` (`detail.integrationDetails`: integrationId,
 * appId, categoryId, originOrgId, success), `onDeactivate` (`isDeactivated: true`), `onKnitClose`
 * (`knitClosed: true`). Its modal lists the emulated HR apps, asks for made-up credentials (and offers "fail
 * validation"), and calls back only its own origin (`/ui/*` of auth-session.ts). Text is set with
 * textContent, never parsed as HTML.
 */
export const COMPONENT_SCRIPT = String.raw`// Knit Sync Companion: emulated Knit UI component (not Knit's code)
const ORIGIN = new URL(import.meta.url).origin;
const STYLE = [
  ':host{display:inline-block}',
  '.backdrop{position:fixed;inset:0;background:rgba(15,23,42,.55);display:flex;align-items:center;justify-content:center;z-index:2147483647;font:14px/1.45 system-ui,sans-serif}',
  '.modal{background:#fff;color:#0f172a;width:420px;max-width:calc(100vw - 32px);border-radius:10px;box-shadow:0 20px 50px rgba(0,0,0,.35);padding:20px 22px}',
  'h2{font-size:17px;margin:0 0 4px}p{margin:6px 0 12px;color:#475569}',
  '.head{display:flex;justify-content:space-between;align-items:flex-start;gap:8px}',
  '.x{border:0;background:none;font-size:20px;cursor:pointer;color:#64748b;line-height:1}',
  '.apps{display:grid;grid-template-columns:1fr 1fr;gap:8px}',
  '.app{border:1px solid #cbd5e1;border-radius:8px;padding:12px;background:#f8fafc;cursor:pointer;text-align:left;font:inherit;color:inherit}',
  '.app:hover,.app:focus-visible{border-color:#4f46e5;outline:none;background:#eef2ff}',
  'label{display:block;margin:8px 0 2px;font-weight:600;font-size:12px}',
  'input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:7px 8px;border:1px solid #cbd5e1;border-radius:6px;font:inherit}',
  '.check{display:flex;gap:6px;align-items:center;font-weight:400;font-size:13px;margin-top:10px}',
  '.row{display:flex;gap:8px;justify-content:flex-end;margin-top:16px}',
  'button.primary{background:#4f46e5;color:#fff;border:0;border-radius:6px;padding:8px 14px;font:inherit;cursor:pointer}',
  'button.plain{background:#fff;color:#0f172a;border:1px solid #cbd5e1;border-radius:6px;padding:8px 14px;font:inherit;cursor:pointer}',
  '.error{color:#b91c1c;margin-top:8px}.mono{font-family:ui-monospace,monospace;font-size:12px}',
  '.badge{display:inline-block;background:#fef3c7;color:#92400e;border-radius:4px;padding:1px 6px;font-size:11px;margin-left:6px}',
].join('\n');

function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v);
  }
  for (const c of children) el.append(c);
  return el;
}

async function call(path, body) {
  const res = await fetch(ORIGIN + '/ui/' + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || !json.success) { const e = new Error((json.error && json.error.msg) || ('HTTP ' + res.status)); e.status = res.status; throw e; }
  return json.data;
}

class KnitAuth extends HTMLElement {
  static get observedAttributes() { return ['authsessiontoken']; }
  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    this.root.append(h('style', { text: STYLE }), h('slot', { name: 'trigger', onclick: () => this.open() }));
    this.layer = null;
    this.details = null;
  }
  get token() { return this.getAttribute('authsessiontoken') || ''; }
  emit(name, detail) { this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true })); }
  close() {
    if (this.layer) { this.layer.remove(); this.layer = null; }
    this.emit('onKnitClose', { knitClosed: true });
  }
  show(...content) {
    if (!this.layer) { this.layer = h('div', { class: 'backdrop', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Connect your HR system' }); this.root.append(this.layer); }
    const modal = h('div', { class: 'modal' }, h('div', { class: 'head' }, h('div', {}, ...content.slice(0, 1)), h('button', { class: 'x', type: 'button', 'aria-label': 'Close', text: '\u00d7', onclick: () => this.close() })), ...content.slice(1));
    this.layer.replaceChildren(modal);
    const first = modal.querySelector('.app, input, button.primary');
    if (first) first.focus();
  }
  async open() {
    if (this.layer) return;
    if (!this.hasAttribute('skipintro')) {
      return this.show(h('h2', { text: 'Connect your HR system' }), h('p', { text: 'Emulated Knit component: pick an HR system and enter its credentials. Nothing leaves this machine.' }),
        h('div', { class: 'row' }, h('button', { class: 'primary', type: 'button', text: 'Get started', onclick: () => this.pickApp() })));
    }
    return this.pickApp();
  }
  async pickApp() {
    let apps;
    try { apps = (await call('session.apps', { token: this.token })).apps; }
    catch (e) { return this.failed(e); }
    this.show(h('h2', { text: 'Choose your HR system' }), h('p', { text: 'Emulated apps (category HRIS).' }),
      h('div', { class: 'apps' }, ...apps.map((a) => h('button', { class: 'app', type: 'button', 'data-app': a.appId, onclick: () => this.credentials(a) }, h('strong', { text: a.name }), h('div', { class: 'mono', text: a.appId })))));
  }
  credentials(app) {
    const error = h('div', { class: 'error', role: 'alert' });
    const fail = h('input', { type: 'checkbox', id: 'fail' });
    const submit = async (event) => {
      event.preventDefault();
      error.textContent = '';
      try {
        const { integrationDetails } = await call('session.complete', { token: this.token, appId: app.appId, failValidation: fail.checked });
        this.details = integrationDetails;
        this.emit('onFinish', { integrationDetails });
        this.done(app);
      } catch (e) { if (e.status === 401) return this.failed(e); error.textContent = e.message; }
    };
    this.show(h('h2', { text: 'Connect ' + app.name }), h('p', { text: 'Made-up credentials: the emulator accepts anything.' }),
      h('form', { onsubmit: submit },
        h('label', { for: 'sub', text: 'Company subdomain' }), h('input', { type: 'text', id: 'sub', value: 'acme', autocomplete: 'off' }),
        h('label', { for: 'key', text: 'API key' }), h('input', { type: 'password', id: 'key', value: 'made-up-key', autocomplete: 'off' }),
        h('label', { class: 'check' }, fail, 'Fail validation (the activation will carry errors)'),
        error,
        h('div', { class: 'row' }, h('button', { class: 'plain', type: 'button', text: 'Back', onclick: () => this.pickApp() }), h('button', { class: 'primary', type: 'submit', text: 'Connect' }))));
  }
  done(app) {
    const d = this.details;
    this.show(h('h2', { text: app.name + ' connected' }), h('p', {}, 'Integration ', h('span', { class: 'mono', text: d.integrationId })),
      h('p', { text: 'Knit now validates the account and sends app.integration.activate to your webhook.' }),
      h('div', { class: 'row' },
        h('button', { class: 'plain', type: 'button', text: 'Deactivate', onclick: () => this.deactivate() }),
        h('button', { class: 'primary', type: 'button', text: 'Done', onclick: () => this.close() })));
  }
  async deactivate() {
    try {
      const { integrationDetails } = await call('session.deactivate', { token: this.token, integrationId: this.details.integrationId });
      this.emit('onDeactivate', { isDeactivated: true, integrationDetails });
      this.show(h('h2', { text: 'Integration deactivated' }), h('p', { text: integrationDetails.integrationId }), h('div', { class: 'row' }, h('button', { class: 'primary', type: 'button', text: 'Close', onclick: () => this.close() })));
    } catch (e) { this.failed(e); }
  }
  failed(e) {
    if (e.status === 401) this.emit('onNewSession', { reason: e.message });
    this.show(h('h2', { text: e.status === 401 ? 'Session expired' : 'Something went wrong' }), h('p', { text: e.message }), h('div', { class: 'row' }, h('button', { class: 'primary', type: 'button', text: 'Close', onclick: () => this.close() })));
  }
}
if (!customElements.get('knit-auth')) customElements.define('knit-auth', KnitAuth);
`;
