/**
 * The Companion's sync jobs against the built-in Knit emulator, over real HTTP on loopback and a real temp data
 * folder: startSync through the CompanionApi stores the whole company with a completed run; a delta's modified
 * and deleted records show in the export; a restart keeps the syncJobId; a destination-only update starts no
 * initial sync; a receiver that answers 500 for a while loses and duplicates nothing; pause stops the deltas.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateBatch } from '../../shared/api/types';
import { DEFAULT_MODEL_IDS } from '../../shared/knit/models';
import { openCompanion } from '../../electron/core/companion';
import type { CompanionService } from '../../electron/core/companion';
import { Emulator, type RunningEmulator } from '../../electron/core/emulator/emulator';
import { silentLogger } from '../../electron/core/log';
import { createHeadlessSecretStore } from '../../electron/core/secrets/headless-secret-store';
import { removeDir, tempDir } from '../support/core';

const KEY = 'emulated_key_5b1f0e77a2';
const EMPLOYEES = 30;

let dataDir: string;
let companion: CompanionService;
let knit: RunningEmulator;
const batches: UpdateBatch[] = [];

/** Starts an emulator and registers it as the custom environment `name` with its key. */
async function emulatorEnvironment(name: string, deltaEverySeconds: number | null): Promise<RunningEmulator> {
  const running = await Emulator.start({
    apiKey: KEY,
    employees: EMPLOYEES,
    seed: 7,
    deltaEverySeconds,
    deltaSize: { hires: 2, departures: 2, changes: 5 },
    delivery: { retry: { attempts: 40, baseDelayMs: 5, maxDelayMs: 20 } },
  });
  await companion.saveEnvironment({ name, baseUrl: running.baseUrl });
  await companion.setApiKey({ environment: name, key: KEY });
  return running;
}

beforeAll(async () => {
  dataDir = await tempDir('knit-companion-sync-');
  companion = await openCompanion({ dataDir, secrets: createHeadlessSecretStore(dataDir, {}), port: 0, log: silentLogger, noTunnel: true });
  companion.subscribe((batch) => batches.push(batch));
  knit = await emulatorEnvironment('emulated', null);
});

afterAll(async () => {
  await knit?.close();
  await companion?.close();
  await removeDir(dataDir);
});

async function exported(kind: 'employees' | 'events' | 'runs', integrationId: string): Promise<Array<Record<string, unknown>>> {
  const result = await companion.exportData({ kind, integrationId, includeDeleted: true });
  return result.content
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('Companion sync jobs with the emulator as Knit', () => {
  it('startSync stores every employee and a completed run, and reports the job in an update batch', async () => {
    const job = await companion.startSync({ integrationId: 'int_a', environment: 'emulated', models: DEFAULT_MODEL_IDS, frequency: 'standard' });
    expect(job).toMatchObject({ integrationId: 'int_a', environment: 'emulated', state: 'active', initialSyncs: 1, destination: companion.listenerUrl });
    await knit.emulator.idle();
    const runs = await companion.listRuns();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ syncJobId: job.syncJobId, status: 'completed', processed: EMPLOYEES, emitted: EMPLOYEES, consumed: EMPLOYEES });
    expect(await companion.listEmployees({ integrationId: 'int_a' })).toHaveLength(EMPLOYEES);
    expect(await companion.listJobs()).toEqual([job]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(batches.some((b) => b.jobs?.some((j) => j.syncJobId === job.syncJobId))).toBe(true);
  });

  it('a delta with modified and deleted records shows in the export', async () => {
    const emulated = knit.emulator.job('int_a')!;
    emulated.startDeltaSync();
    await knit.emulator.idle();
    const counts = (await companion.listRuns()).find((r) => r.syncType === 'delta_sync')!.counts;
    expect(counts['record.modified']).toBeGreaterThan(0);
    expect(counts['record.deleted']).toBeGreaterThan(0);
    const employees = await exported('employees', 'int_a');
    const company = emulated.company;
    for (const e of employees.filter((x) => !x.deleted)) {
      const { integrationId, recordId, deleted, ...data } = e;
      expect(data).toEqual(company.eventData(recordId as string, DEFAULT_MODEL_IDS));
    }
    expect(
      employees
        .filter((e) => e.deleted)
        .map((e) => e.recordId)
        .sort(),
    ).toEqual([...company.departed.keys()].sort());
  });

  it('starting again keeps the syncJobId and counts a second initial sync', async () => {
    const [before] = await companion.listJobs();
    const again = await companion.startSync({ integrationId: 'int_a', environment: 'emulated', models: DEFAULT_MODEL_IDS, frequency: 'medium' });
    expect(again).toMatchObject({ syncJobId: before!.syncJobId, initialSyncs: 2, frequency: 'medium', startedAt: before!.startedAt });
    await knit.emulator.idle();
    expect(knit.emulator.job('int_a')!.initialSyncs).toBe(2);
  });

  it('a destination-only update starts no initial sync; a receiver answering 500 for a while loses and duplicates nothing', async () => {
    let refused = 0;
    const proxy: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        if (refused < 12) {
          refused++;
          return void res.writeHead(500).end('down for maintenance');
        }
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('x-knit-') || k === 'content-type')) as Record<
          string,
          string
        >;
        const answer = await fetch(companion.listenerUrl, { method: 'POST', headers, body: Buffer.concat(chunks) });
        res.writeHead(answer.status).end(await answer.text());
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const destination = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/knithook`;
      const emulated = knit.emulator.job('int_a')!;
      const runsBefore = emulated.runs.length;
      const updated = await companion.updateSync({ integrationId: 'int_a', destination });
      expect(updated).toMatchObject({ destination, initialSyncs: 2, stale: null });
      expect(emulated.initialSyncs).toBe(2);
      await knit.emulator.idle();
      expect(emulated.runs).toHaveLength(runsBefore);

      emulated.startDeltaSync();
      await knit.emulator.idle();
      const run = emulated.runs.at(-1)!;
      expect(run.retries).toBeGreaterThanOrEqual(12);
      expect(run.allConsumedDelivered).toBe(true);
      const stored = (await companion.listRuns()).find((r) => r.syncRunId === run.syncRunId)!;
      expect(stored).toMatchObject({ status: 'completed', emitted: run.emitted, consumed: run.emitted });
      const events = (await exported('events', 'int_a')).map((e) => e.eventId);
      expect(new Set(events).size).toBe(events.length);
      expect(events).toHaveLength(emulated.runs.reduce((n, r) => n + r.emitted + 2, 0));
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('pause stops the deltas and resume brings them back', async () => {
    const fast = await emulatorEnvironment('fast', 0.2);
    try {
      await companion.startSync({ integrationId: 'int_fast', environment: 'fast', models: ['employee_profile'], frequency: 'high' });
      const emulated = fast.emulator.job('int_fast')!;
      await expect.poll(() => emulated.runs.filter((r) => r.syncType === 'delta_sync').length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await companion.pauseSync({ integrationId: 'int_fast' })).toMatchObject({ state: 'paused' });
      await fast.emulator.idle();
      const runs = emulated.runs.length;
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(emulated.runs).toHaveLength(runs);
      expect(await companion.resumeSync({ integrationId: 'int_fast' })).toMatchObject({ state: 'active' });
      await expect.poll(() => emulated.runs.length, { timeout: 10_000 }).toBeGreaterThan(runs);
    } finally {
      await fast.close();
    }
  });
});
