import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./electron-mock')).electron);
import { protocol, reset } from './electron-mock';
import { createRendererHandler, registerAppScheme, serveRenderer } from '../../../electron/main/protocol';
import { PRODUCTION_CSP, developmentCsp } from '../../../electron/main/csp';

let dir: string;
let root: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'knit-protocol-'));
  root = path.join(dir, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Companion</title>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'outside the renderer folder');
  handler = createRendererHandler(root);
});
afterAll(() => rm(dir, { recursive: true, force: true }));
beforeEach(() => reset());

const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('app://companion protocol', () => {
  it('declares app: standard and secure before ready, and serves on it after', () => {
    registerAppScheme();
    expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    serveRenderer(root);
    expect(protocol.handlers.has('app')).toBe(true);
  });

  it('serves files with their content type and the CSP header', async () => {
    const page = await get('app://companion/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(PRODUCTION_CSP);
    expect(await page.text()).toContain('<title>Companion</title>');
    const script = await get('app://companion/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBe(PRODUCTION_CSP);
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('the CSP is strict', () => {
    const directives = Object.fromEntries(PRODUCTION_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives).toEqual({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data:",
      'connect-src': "'self'",
      'font-src': "'self'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
  });

  it('the development CSP adds only what the Vite dev server needs', () => {
    const dev = developmentCsp('http://127.0.0.1:5173/');
    expect(dev).toContain("script-src 'self' 'unsafe-inline'");
    expect(dev).toContain("connect-src 'self' ws://127.0.0.1:5173");
    expect(dev).toContain("default-src 'none'");
    expect(PRODUCTION_CSP).not.toContain('unsafe-eval');
    expect(PRODUCTION_CSP).not.toContain('ws:');
  });

  it('client-side routes fall back to index.html; missing assets are 404 with the CSP', async () => {
    const route = await get('app://companion/events/e_123');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('Companion');
    const missing = await get('app://companion/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(PRODUCTION_CSP);
  });

  it.each([
    'app://companion/..%2fsecret.txt',
    'app://companion/%2e%2e/secret.txt',
    'app://companion/assets/..%2f..%2fsecret.txt',
    'app://companion/..%5csecret.txt',
    'app://companion/%2e%2e%5c%2e%2e%5csecret.txt',
    'app://companion/index.html%00.png',
  ])('refuses a path that leaves the folder: %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('outside the renderer folder');
    expect(response.headers.get('content-security-policy')).toBe(PRODUCTION_CSP);
  });

  it('refuses other hosts and methods', async () => {
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://companion/index.html', 'POST')).status).toBe(405);
  });
});
