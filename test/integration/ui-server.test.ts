/**
 * The headless UI server over real HTTP on loopback: the token gate (401 without; the ?token= link serves the
 * page and sets no cookie; calls carry the token as Bearer, the WebSocket as a subprotocol),
 * foreign Origins refused, input validation, static files with CSP and no traversal, and the WebSocket
 * update stream (receives batches, unsubscribes on close).
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startUiServer, type UiServer } from '../../electron/core/ui-server';
import { FakeCompanion } from '../support/fake-companion';
import { fakePeople, personData, recordEvent } from '../support/fake-knit-events';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request (node:http, so Origin/Host/Authorization can be set freely). */
function call(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

let dir: string;
let api: FakeCompanion;
let server: UiServer;
let base: string;

/** Loads the ?token= link (the page, no cookie) and returns the Authorization value the page then sends. */
async function login(): Promise<string> {
  const r = await call(server.url);
  expect(r.status).toBe(200);
  expect(r.headers['set-cookie']).toBeUndefined();
  return `Bearer ${server.token}`;
}

const post = (method: string, auth: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
  call(`${base}/api/${method}`, {
    method: 'POST',
    headers: { ...(auth ? { Authorization: auth } : {}), 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'knit-ui-server-'));
  const www = path.join(dir, 'www');
  await mkdir(path.join(www, 'assets'), { recursive: true });
  await writeFile(path.join(www, 'index.html'), '<!doctype html><title>t</title><script type="module" src="./assets/app.js"></script>');
  await writeFile(path.join(www, 'assets', 'app.js'), 'console.log(1);');
  await writeFile(path.join(dir, 'knit-ui-secret.txt'), 'secret');
  api = new FakeCompanion();
  server = await startUiServer({ api, port: 0, staticDir: www });
  base = `http://127.0.0.1:${server.port}`;
});

afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('token gate', () => {
  it('prints a loopback URL with a random token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses /api without the token with 401 and serves no data', async () => {
    const r = await post('getStatus', '');
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false });
    expect(r.body).not.toContain('127.0.0.1:8787');
    expect(api.calls).toHaveLength(0);
  });

  it('serves the page for the right ?token=, uncached and with no cookie (other local ports would get it)', async () => {
    const r = await call(server.url);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['set-cookie']).toBeUndefined();
    const ok = await post('getStatus', `Bearer ${server.token}`);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, result: { listener: { url: 'http://127.0.0.1:8787/knithook' } } });
  });

  it('refuses a wrong ?token=, a wrong Bearer, and the token as a cookie', async () => {
    expect((await call(`${base}/?token=nope`)).status).toBe(401);
    expect((await post('getStatus', `Bearer ${'x'.repeat(server.token.length)}`)).status).toBe(401);
    expect((await post('getStatus', '', undefined, { Cookie: `knit_ui_${server.port}=${server.token}` })).status).toBe(401);
  });

  it('accepts Authorization: Bearer <token>', async () => {
    const r = await post('getSettings', '', undefined, { Authorization: `Bearer ${server.token}` });
    expect(r.status).toBe(200);
  });
});

describe('origin checks', () => {
  it('refuses a foreign Origin with 403 even with the token', async () => {
    const auth = await login();
    const r = await post('getStatus', auth, undefined, { Origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    expect(api.calls).toHaveLength(0);
  });

  it('accepts its own Origin', async () => {
    const auth = await login();
    expect((await post('getStatus', auth, undefined, { Origin: base })).status).toBe(200);
  });

  it('refuses another Host (DNS rebinding)', async () => {
    const r = await call(`${base}/`, { headers: { Host: `evil.example:${server.port}` } });
    expect(r.status).toBe(403);
  });
});

describe('API calls', () => {
  it('validates input with a 400 and a sentence naming the field', async () => {
    const auth = await login();
    const r = await post('startSync', auth, { integrationId: 'int_1', models: [], frequency: 'hourly' });
    expect(r.status).toBe(400);
    const body = JSON.parse(r.body) as { ok: boolean; error: string; fields: Array<{ field: string }> };
    expect(body.ok).toBe(false);
    expect(body.fields.map((f) => f.field)).toEqual(['models', 'frequency']);
    expect(body.error).toMatch(/^models: .*frequency: /);
    expect(api.calls.filter((c) => c.method === 'startSync')).toHaveLength(0);
  });

  it('answers 404 for an unknown method, 405 for GET, 400 for bad JSON', async () => {
    const auth = await login();
    expect((await post('dropTables', auth)).status).toBe(404);
    expect((await call(`${base}/api/getStatus`, { headers: { Authorization: auth } })).status).toBe(405);
    const bad = await call(`${base}/api/getEvent`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: '{nope' });
    expect(bad.status).toBe(400);
  });

  it('passes validated input through and maps a rejection to {ok:false,error}', async () => {
    const auth = await login();
    const r = await post('startSync', auth, { integrationId: 'int_1', environment: 'production', models: ['employee_profile'], frequency: 'high' });
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body)).toEqual({ ok: false, code: 'failed', error: 'No API key is set for production: save one first.' });
    const ok = await post('startSync', auth, { integrationId: 'int_1', models: ['employee_profile'], frequency: 'high' });
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, result: { integrationId: 'int_1', frequency: 'high' } });
  });
});

describe('static files', () => {
  it('serves assets with content types and a strict CSP, and falls back to index.html', async () => {
    const js = await call(`${base}/assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    const csp = String(js.headers['content-security-policy']);
    for (const d of ["default-src 'self'", "script-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"]) expect(csp).toContain(d);
    const route = await call(`${base}/employees`);
    expect(route.status).toBe(200);
    expect(route.headers['content-type']).toMatch(/^text\/html/);
    expect((await call(`${base}/assets/missing.js`)).status).toBe(404);
  });

  it('refuses path traversal', async () => {
    for (const p of ['/../knit-ui-secret.txt', '/%2e%2e/knit-ui-secret.txt', '/assets/..%2f..%2fknit-ui-secret.txt']) {
      const r = await call(`${base}${p}`);
      expect(r.body).not.toContain('secret');
    }
  });
});

describe('update stream', () => {
  it('refuses the WebSocket without the token subprotocol, with a wrong one, or from another Origin', async () => {
    const status = (origin: string, protocols: string[]): Promise<number> =>
      new Promise((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/updates`, protocols, { headers: { Origin: origin } });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          resolve(ws.protocol === 'knit-ui' ? 101 : -1);
          ws.close();
        });
      });
    expect(await status(base, ['knit-ui'])).toBe(401);
    expect(await status(base, ['knit-ui', `knit-token.${'x'.repeat(server.token.length)}`])).toBe(401);
    expect(await status('http://evil.example', ['knit-ui', `knit-token.${server.token}`])).toBe(403);
    expect(await status(base, ['knit-ui', `knit-token.${server.token}`])).toBe(101);
  });

  it('sends each batch as one message and unsubscribes on close', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/updates`, ['knit-ui', `knit-token.${server.token}`], { headers: { Origin: base } });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    expect(api.subscriberCount).toBe(1);
    const received: unknown[] = [];
    const two = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        received.push(JSON.parse(String(data)));
        if (received.length === 2) resolve();
      }),
    );
    const [p] = fakePeople(1);
    const run = { syncJobId: 'sj_1', syncRunId: 'sr_1', syncType: 'initial_sync' as const };
    api.deliver([recordEvent(run, 'record.new', 'emp_0001', personData(p!)), recordEvent(run, 'record.new', 'emp_0002', {})]);
    api.reject('signature_mismatch');
    await two;
    expect(received[0]).toMatchObject({ events: [{ seq: 1, recordId: 'emp_0001' }, { seq: 2 }] });
    expect(received[1]).toMatchObject({ rejected: [{ reason: 'signature_mismatch' }] });
    ws.close();
    await new Promise((resolve) => ws.once('close', resolve));
    for (let i = 0; i < 50 && api.subscriberCount > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(api.subscriberCount).toBe(0);
  });
});
