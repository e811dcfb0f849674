/**
 * One contract, three transports: every CompanionApi method called over IPC (electron mocked), the UI's HTTP
 * API and the control endpoint (both real HTTP on loopback) against one real Companion gets the same
 * ApiReply, and both HTTP transports the same status (shared/api/reply.ts). Names inherited from
 * Object.prototype are no method on any transport, and do not bring the process down.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('../unit/main/electron-mock')).electron);
import type { BrowserWindow } from 'electron';
import { invokeEvent, ipcMain, MockBrowserWindow } from '../unit/main/electron-mock';
import { registerIpcHandlers } from '../../electron/main/ipc';
import { APP_ORIGIN } from '../../electron/main/app-origin';
import { openCompanion } from '../../electron/core/companion';
import type { CompanionService } from '../../electron/core/companion';
import { CONTROL_TOKEN_HEADER } from '../../electron/core/companion/control-server';
import { silentLogger } from '../../electron/core/log';
import { createHeadlessSecretStore } from '../../electron/core/secrets/headless-secret-store';
import { readLock } from '../../electron/core/store/lock';
import { startUiServer, type UiServer } from '../../electron/core/ui-server';
import { COMPANION_METHODS, ipcChannel, type CompanionMethod } from '../../shared/api/companion-api';
import { statusOf, type ApiReply } from '../../shared/api/reply';
import { PRODUCTION_KEY, removeDir, tempDir } from '../support/core';

let dir: string;
let companion: CompanionService;
let ui: UiServer;
let control: { url: string; token: string };
const win = new MockBrowserWindow();

beforeAll(async () => {
  dir = await tempDir();
  companion = await openCompanion({
    dataDir: dir,
    listen: false,
    log: silentLogger,
    secrets: createHeadlessSecretStore(dir, { KNIT_API_KEY: PRODUCTION_KEY }),
    controlMethods: { ping: async () => 'pong' },
  });
  const www = join(dir, 'www');
  await mkdir(www);
  ui = await startUiServer({ api: companion.unchecked, port: 0, staticDir: www });
  const lock = await readLock(dir);
  control = { url: lock!.control!, token: lock!.token! };
  registerIpcHandlers({ window: win as unknown as BrowserWindow, origin: APP_ORIGIN, companion: companion.unchecked, log: () => {} });
});
afterAll(async () => {
  await ui.close();
  await companion.close();
  await removeDir(dir);
});

type Answer = { status: number; reply: ApiReply };

async function httpCall(url: string, headers: Record<string, string>, input: unknown): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: input === undefined ? '' : JSON.stringify(input),
  });
  return { status: response.status, reply: (await response.json()) as ApiReply };
}
const overUi = (method: string, input: unknown) => httpCall(`http://127.0.0.1:${ui.port}/api/${method}`, { Authorization: `Bearer ${ui.token}` }, input);
const overControl = (method: string, input: unknown) => httpCall(`${control.url}/control/${method}`, { [CONTROL_TOKEN_HEADER]: control.token }, input);
const overIpc = async (method: CompanionMethod, input: unknown) =>
  (await ipcMain.handlers.get(ipcChannel(method))!(invokeEvent(win.webContents), input)) as ApiReply;

/** For each method: inputs that succeed, fail validation, or fail in the Companion (the same on every transport). */
const CASES: Record<CompanionMethod, unknown[]> = {
  getStatus: [undefined, { extra: 1 }],
  getSettings: [undefined],
  listEvents: [undefined, { limit: 10 }, { limit: -1 }],
  queryEvents: [
    { filter: { categories: [], syncRunId: null, integrationId: null, text: '' }, offset: 0, limit: 10 },
    { filter: { categories: ['new'], syncRunId: null, integrationId: null, text: 'x' }, offset: 5, limit: 0 },
    { filter: { categories: ['bogus'], syncRunId: null, integrationId: null, text: '' }, offset: 0, limit: 10 },
    { offset: 0, limit: 10 },
  ],
  getEvent: [{ eventId: 'e_none' }, { eventId: '' }, undefined],
  listRuns: [undefined],
  listEmployees: [{}, { limit: 0 }],
  getEmployee: [{ integrationId: 'int_1', recordId: 'r1' }, { integrationId: 'int_1' }],
  queryEmployees: [
    { filter: { integrationId: null, deleted: false, text: '' }, sort: { key: 'name', desc: false }, offset: 0, limit: 10 },
    { filter: { integrationId: 'int_1', deleted: true, text: 'x' }, sort: { key: 'updatedAt', desc: true }, offset: 5, limit: 0 },
    { filter: { integrationId: null, deleted: false, text: '' }, sort: { key: 'salary', desc: false }, offset: 0, limit: 10 },
    { filter: { integrationId: null, deleted: false, text: '' }, sort: { key: 'name', desc: false }, offset: 0, limit: 50_000 },
  ],
  employeeDepartments: [{ integrationId: null }, { integrationId: 'int_1' }, {}],
  employeeOrgTree: [
    { integrationId: null, manager: null, offset: 0, limit: 10, depth: 2 },
    { integrationId: 'int_1', manager: { integrationId: 'int_1', recordId: 'r1' }, offset: 0, limit: 10 },
    { integrationId: null, manager: null, offset: 0, limit: 10, depth: 3 },
  ],
  listRejected: [undefined],
  listJobs: [undefined],
  saveSettings: [{ retentionDays: 30 }, { retentionDays: 1.5 }, { retentionDays: null }, { tunnelMode: 'carrier-pigeon' }],
  setApiKey: [
    { environment: 'sandbox', key: 'sandbox_key_0001' },
    { environment: 'nowhere', key: 'sandbox_key_0001' },
    { environment: 'sandbox', key: 'short' },
  ],
  saveEnvironment: [
    { name: 'staging', baseUrl: 'http://127.0.0.1:9/' },
    { name: 'production', baseUrl: 'http://127.0.0.1:9/' },
    { name: 'bad name', baseUrl: 'ftp://x' },
  ],
  deleteEnvironment: [{ name: 'staging' }, { name: 'sandbox' }],
  setNgrokAuthtoken: [{ token: null }, { token: 'x' }],
  dismissProblem: [{ id: 'p_none' }, {}],
  startSync: [
    { integrationId: 'int_1', environment: 'nowhere', models: ['employee_profile'], frequency: 'high' },
    { integrationId: 'int_1', models: [], frequency: 'hourly' },
  ],
  updateSync: [{ integrationId: 'int_none' }, { integrationId: 'int_1', destination: 'not a url' }],
  pauseSync: [{ integrationId: 'int_none' }, {}],
  resumeSync: [{ integrationId: 'int_none' }],
  exportData: [{ kind: 'runs', format: 'csv' }, { kind: 'everything' }],
  purge: [{ all: true }, { all: true, integrationId: 'int_1' }],
  listForwardTargets: [undefined],
  saveForwardTargets: [{ targets: [] }, { targets: [{ url: 'ftp://x', enabled: true }] }],
  replay: [
    { to: 'http://127.0.0.1:9/', eventIds: ['e_none'] },
    { to: 'file:///etc/passwd', eventIds: ['e_none'] },
  ],
  reverifyRejected: [undefined, { extra: 1 }],
  getConnections: [undefined],
  saveConnectSettings: [
    { environment: 'sandbox', autoStart: false },
    { environment: 'nowhere', autoStart: false },
    { environment: 'sandbox', componentUrl: 'ftp://x' },
  ],
  checkHandler: [
    { targetId: 't_none', environment: 'sandbox' },
    { targetId: '', environment: 'sandbox' },
  ],
  getWorkbench: [undefined],
  saveWorkbench: [
    { passThroughTargetId: null, passThroughTimeoutSeconds: 10, answerRules: ['500::3'] },
    { passThroughTargetId: null, passThroughTimeoutSeconds: 10, answerRules: ['five hundred'] },
  ],
  composeEvent: [{ fromEventId: 'e_none' }, {}],
  deliverComposed: [
    { body: '{}', environment: 'nowhere', to: 'http://127.0.0.1:9/' },
    { body: '', environment: 'sandbox', to: 'http://127.0.0.1:9/' },
  ],
  getDemo: [undefined],
  setDemoScenarios: [{ names: ['duplicates'] }, { names: ['Bad Name'] }],
  startConnect: [
    { environment: 'sandbox', originOrgId: 'o', originOrgName: 'O', originUserEmail: 'not-an-email', originUserName: 'U', testAccount: true },
    { environment: 'nowhere', originOrgId: 'o', originOrgName: 'O', originUserEmail: 'u@example.com', originUserName: 'U', testAccount: true },
  ],
};

describe('the three transports agree', () => {
  const cases = COMPANION_METHODS.flatMap((method) => CASES[method].map((input) => [method, JSON.stringify(input) ?? 'no input', input] as const));

  it.each(cases)('%s(%s)', async (method, _label, input) => {
    const ipc = await overIpc(method, input);
    const http = await overUi(method, input);
    const ctl = await overControl(method, input);
    expect(http.reply).toEqual(ipc);
    expect(ctl.reply).toEqual(ipc);
    expect(http.status).toBe(statusOf(ipc));
    expect(ctl.status).toBe(statusOf(ipc));
  });

  it('user errors are 400 with one sentence per field, on every transport', async () => {
    for (const transport of [overUi, overControl]) {
      expect(await transport('saveSettings', { retentionDays: 1.5 })).toEqual({
        status: 400,
        reply: {
          ok: false,
          code: 'invalid_input',
          error: 'Retention must be a whole number of days.',
          fields: [{ field: 'retentionDays', message: 'Retention must be a whole number of days.' }],
        },
      });
      expect(await transport('setApiKey', { environment: 'nowhere', key: 'sandbox_key_0001' })).toMatchObject({
        status: 400,
        reply: { code: 'invalid_input', fields: [{ field: 'environment', message: 'There is no environment named nowhere.' }] },
      });
      expect(await transport('saveEnvironment', { name: 'production', baseUrl: 'http://127.0.0.1:9/' })).toMatchObject({
        status: 400,
        reply: { code: 'invalid_input', fields: [{ field: 'name' }] },
      });
    }
  });
});

describe('names inherited from Object.prototype are no method', () => {
  const names = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__proto__'];

  it.each(names)('POST /control/%s and /api/%s answer 404 and the process keeps serving', async (name) => {
    for (const transport of [overControl, overUi]) {
      const answer = await transport(name, { a: 1 });
      expect(answer).toEqual({ status: 404, reply: { ok: false, code: 'no_such_method', error: `There is no method named "${name}".` } });
    }
    expect((await overControl('ping', undefined)).reply).toEqual({ ok: true, result: 'pong' });
    expect((await overControl('getStatus', undefined)).status).toBe(200);
    expect((await overUi('getStatus', undefined)).status).toBe(200);
  });

  it('IPC registers exactly the contract methods', () => {
    expect([...ipcMain.handlers.keys()].filter((c) => names.some((n) => c.endsWith(`:${n}`)))).toEqual([]);
  });
});
