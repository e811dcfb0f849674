/**
 * What leads up to `npm start` (the Electron binary cannot run here): the esbuild step writes main.cjs and
 * ONE CommonJS preload that needs nothing but `electron` and exposes the contract when evaluated; the
 * launcher turns a failed binary download into one line and exit code 1. The download is pointed at a closed
 * loopback port (ELECTRON_MIRROR) so nothing leaves the machine.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron, ROOT } from '../../../electron/main/build/build';
import { COMPANION_METHODS } from '../../../shared/api/companion-api';

let dir: string;
let out: { main: string; preload: string };
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'knit-build-'));
  out = await buildElectron({ outDir: path.join(dir, 'electron') });
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

const requires = (code: string) => [...new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!))].sort();

describe('build:electron', () => {
  it('writes main.cjs, which loads only Node built-ins, electron and @ngrok/ngrok at run time', async () => {
    const code = await readFile(out.main, 'utf8');
    for (const id of requires(code)) expect(id).toMatch(/^(node:[a-z_/]+|electron|@ngrok\/ngrok)$/);
    expect(code).not.toMatch(/\bimport\.meta\b/);
    expect(code).toContain('"use strict"');
  });

  it('writes ONE CommonJS preload that requires only electron and exposes exactly the contract', async () => {
    const code = await readFile(out.preload, 'utf8');
    expect(requires(code)).toEqual(['electron']);
    const exposed = new Map<string, Record<string, unknown>>();
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) },
      ipcRenderer: { invoke: async () => ({ ok: true, result: null }), on: () => undefined },
    };
    const sandboxRequire = (id: string) => {
      if (id !== 'electron') throw new Error(`a sandboxed preload cannot require ${id}`);
      return fakeElectron;
    };
    // As in a sandboxed renderer: no Node globals beyond require for 'electron'.
    vm.runInNewContext(code, { require: sandboxRequire, module: { exports: {} }, exports: {}, console });
    expect([...exposed.keys()]).toEqual(['knitCompanion']);
    expect(Object.keys(exposed.get('knitCompanion')!).sort()).toEqual([...COMPANION_METHODS, 'subscribe'].sort());
  });
});

/** Runs the bundled main.cjs under Node with the fake electron (fixtures/fake-electron.cjs); JSON steps. */
function runMain(env: NodeJS.ProcessEnv): Promise<{ code: number | null; steps: Array<Record<string, any>>; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', path.join(__dirname, 'fixtures/fake-electron.cjs'), out.main], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) =>
      resolve({
        code,
        steps: stdout
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
        stderr,
      }),
    );
  });
}

describe('the bundled main process (fake electron, real Companion)', () => {
  it('starts the Companion, serves the renderer with the CSP, answers IPC, and quits cleanly', async () => {
    const home = path.join(dir, 'home');
    const appPath = path.join(dir, 'app');
    await mkdir(path.join(appPath, 'dist/renderer'), { recursive: true });
    await writeFile(path.join(appPath, 'dist/renderer/index.html'), '<!doctype html><title>t</title>');
    const { code, steps } = await runMain({ FAKE_ELECTRON_HOME: home, FAKE_ELECTRON_APP_PATH: appPath, KNIT_SYNC_PORT: '0', KNIT_SYNC_DATA: '' });
    const step = (name: string) => steps.find((s) => s.step === name);
    expect(steps.map((s) => s.step)).toEqual(['privileged', 'window', 'menu', 'loadURL', 'protocol', 'ipc', 'before-quit', 'exit']);
    expect(step('window')!.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: path.join(path.dirname(out.main), 'preload.cjs'),
    });
    expect(step('protocol')).toMatchObject({ status: 200, csp: expect.stringContaining("default-src 'none'") });
    const dataDir = path.join(home, 'appData', 'knit-sync-companion');
    expect(step('ipc')!.result).toMatchObject({
      ok: true,
      result: { dataDir, listener: { state: 'listening', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/knithook$/) } },
    });
    expect(step('before-quit')).toMatchObject({ prevented: true });
    expect(code).toBe(0);
    expect(existsSync(path.join(dataDir, 'knit-sync.lock'))).toBe(false); // the Companion closed and released it
    expect((await stat(path.join(dataDir, 'window-state.json'))).mode & 0o777).toBe(0o600);
  }, 60_000);

  it('starts with a key the keychain cannot decrypt: the key reads as unreadable and a problem says to enter it again', async () => {
    const data = path.join(dir, 'data-undecryptable');
    await mkdir(data, { recursive: true, mode: 0o700 });
    const secrets = {
      'apiKey:production': Buffer.from('v10-other-keychain').toString('base64'),
      'apiKey:sandbox': Buffer.from('v11sandbox_key_9876').toString('base64'),
    };
    await writeFile(path.join(data, 'secrets.safe-storage.json'), JSON.stringify({ format: 1, secrets }), { mode: 0o600 });
    const { code, steps } = await runMain({
      FAKE_ELECTRON_HOME: path.join(dir, 'home3'),
      FAKE_ELECTRON_APP_PATH: dir,
      KNIT_SYNC_PORT: '0',
      KNIT_SYNC_DATA: data,
    });
    expect(steps.find((s) => s.step === 'errorBox')).toBeUndefined();
    const status = steps.find((s) => s.step === 'ipc')!.result.result;
    expect(status.environments.find((e: { name: string }) => e.name === 'production')).toMatchObject({ keySet: false, key: { state: 'unreadable' } });
    expect(status.environments.find((e: { name: string }) => e.name === 'sandbox')).toMatchObject({
      keySet: true,
      key: { state: 'set', source: 'saved', last4: '9876' },
    });
    expect(status.problems).toEqual([
      expect.objectContaining({ kind: 'unreadable-secret', message: expect.stringContaining('API key of production cannot be decrypted') }),
    ]);
    expect(code).toBe(0);
  }, 60_000);

  it('starts with a corrupt secrets file: set aside and reported', async () => {
    const data = path.join(dir, 'data-corrupt');
    await mkdir(data, { recursive: true, mode: 0o700 });
    await writeFile(path.join(data, 'secrets.safe-storage.json'), '\0\0\0\0', { mode: 0o600 });
    const { code, steps } = await runMain({
      FAKE_ELECTRON_HOME: path.join(dir, 'home4'),
      FAKE_ELECTRON_APP_PATH: dir,
      KNIT_SYNC_PORT: '0',
      KNIT_SYNC_DATA: data,
    });
    expect(steps.find((s) => s.step === 'errorBox')).toBeUndefined();
    const status = steps.find((s) => s.step === 'ipc')!.result.result;
    const problem = status.problems.find((p: { kind: string }) => p.kind === 'corrupt-secrets');
    expect(problem.setAsidePath).toMatch(/secrets\.safe-storage\.json\.corrupt-\d+$/);
    expect(await readFile(problem.setAsidePath, 'utf8')).toBe('\0\0\0\0');
    expect(code).toBe(0);
  }, 60_000);

  it('a packaged app ignores VITE_DEV_SERVER_URL and loads app://companion', async () => {
    const appPath = path.join(dir, 'app');
    const env = { FAKE_ELECTRON_APP_PATH: appPath, KNIT_SYNC_PORT: '0', VITE_DEV_SERVER_URL: 'http://127.0.0.1:9/' };
    const packaged = await runMain({ ...env, FAKE_ELECTRON_HOME: path.join(dir, 'home5'), FAKE_ELECTRON_PACKAGED: '1' });
    expect(packaged.steps.find((s) => s.step === 'loadURL')).toEqual({ step: 'loadURL', url: 'app://companion/index.html' });
    expect(packaged.code).toBe(0);
  }, 60_000);

  it('a bad setting is one sentence in an error box, and exit 1', async () => {
    const { code, steps } = await runMain({ FAKE_ELECTRON_HOME: path.join(dir, 'home2'), FAKE_ELECTRON_APP_PATH: dir, KNIT_SYNC_PORT: 'eighty' });
    expect(steps.find((s) => s.step === 'errorBox')).toEqual({
      step: 'errorBox',
      title: 'Knit Sync Companion could not start',
      text: 'KNIT_SYNC_PORT must be a port number (0-65535), not "eighty".',
    });
    expect(code).toBe(1);
  }, 60_000);
});

/** Runs the launcher; resolves with its exit code and output. */
function launch(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/main/build/launch.ts')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the launcher (npm start)', () => {
  const baseEnv = () => {
    const env = { ...process.env };
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    return env;
  };

  it('when the Electron binary cannot be downloaded, prints one clear line and exits 1', async () => {
    const cache = path.join(dir, 'electron-cache');
    const result = await launch({ ...baseEnv(), ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`, electron_config_cache: cache });
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^knit-sync-companion: the Electron 45\.5\.0 binary could not be downloaded \(fetch failed\); connect to the internet/);
    expect(result.stdout).toBe('knit-sync-companion: downloading Electron 45.5.0 (first launch only)…\n');
    expect(existsSync(path.join(ROOT, 'node_modules/electron/path.txt'))).toBe(false);
  }, 60_000);

  it('when the binary is missing where ELECTRON_OVERRIDE_DIST_PATH points, prints one line and exits 1', async () => {
    const result = await launch({ ...baseEnv(), ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'no-electron-here') });
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^knit-sync-companion: Electron could not be started \(spawn .* ENOENT\)\.$/)]);
  }, 60_000);
});
