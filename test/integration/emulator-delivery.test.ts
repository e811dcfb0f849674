/**
 * The emulator's deliveries against a small local receiver that checks every signature itself (node:crypto):
 * one signed POST per employee, only the subscribed models, the sync events in order, retries that lose
 * nothing, and deltas consistent with the company.
 */
import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_IDS, type EmployeeModelId } from '../../shared/knit/models';
import { KnitClient } from '../../electron/core/knit/client';
import { Company } from '../../electron/core/emulator/company';
import { initialChanges } from '../../electron/core/emulator/deltas';
import { deliverRun, type DeliveryProgress } from '../../electron/core/emulator/delivery';
import { Emulator, type EmulatorOptions, type RunningEmulator } from '../../electron/core/emulator/emulator';
import { startTestReceiver, type TestReceiver } from './emulator-test-receiver';

const KEY = 'knit_emulator_test_key_8f3a';
const FAST = { retry: { baseDelayMs: 5, maxDelayMs: 20 } };

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
});

async function receiver(answer?: Parameters<typeof startTestReceiver>[1]): Promise<TestReceiver> {
  const r = await startTestReceiver(KEY, answer);
  cleanup.push(() => r.close());
  return r;
}

async function emulator(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  const running = await Emulator.start({ apiKey: KEY, employees: 25, deltaEverySeconds: null, delivery: FAST, ...options });
  cleanup.push(() => running.close());
  return running;
}

async function start(running: RunningEmulator, destination: string, models: EmployeeModelId[] = DEFAULT_MODEL_IDS, integrationId = 'int_acme') {
  const client = new KnitClient({ baseUrl: running.baseUrl, apiKey: KEY, integrationId, environment: 'demo' });
  const started = await client.syncStart({ models, frequency: 'high', destination });
  await running.emulator.idle();
  return { client, ...started };
}

/** Replays accepted record events into a directory, as a receiver would. */
function directory(bodies: Array<Record<string, unknown>>): Map<string, unknown> {
  const state = new Map<string, unknown>();
  for (const b of bodies) {
    if (b.eventType === 'record.new' || b.eventType === 'record.modified') state.set(b.recordId as string, b.eventData);
    if (b.eventType === 'record.deleted') state.delete(b.recordId as string);
  }
  return state;
}

describe('emulator deliveries', () => {
  it('delivers an initial sync like Knit: one signed POST per employee, then processed, then allConsumed', async () => {
    const r = await receiver();
    const running = await emulator();
    const { syncJobId, syncRunId } = await start(running, r.url, ['employee_profile', 'employee_orgStructure']);

    expect(r.requests).toHaveLength(27);
    for (const req of r.requests) {
      expect(req.signatureValid).toBe(true);
      expect(req.headers['x-knit-integration-id']).toBe('int_acme');
      expect(req.headers['x-knit-execution-id']).toMatch(/^ex_\w{22}$/);
      expect(req.headers['content-type']).toBe('application/json');
      expect(req.body).toMatchObject({ syncJobId, syncRunId, syncType: 'initial_sync', syncDataType: 'employee' });
    }
    const records = r.requests.slice(0, 25).map((q) => q.body);
    expect(records.every((b) => b.eventType === 'record.new')).toBe(true);
    expect(new Set(records.map((b) => b.recordId)).size).toBe(25);
    expect(new Set(r.requests.map((q) => q.body.eventId)).size).toBe(27);
    for (const b of r.requests.map((q) => q.body)) expect(b.eventId).toMatch(/^ev_\w{22}$/);
    expect(syncRunId).toMatch(/^sr_\w{22}$/);
    for (const b of records) expect(Object.keys(b.eventData as object).sort()).toEqual(['orgStructure', 'profile']);
    const roots = records.filter((b) => (b.eventData as { orgStructure: { manager: unknown } }).orgStructure.manager === null);
    expect(roots).toHaveLength(1);
    expect(records.some((b) => /[^\x00-\x7f]/.test(JSON.stringify(b.eventData)))).toBe(true);

    const [processed, allConsumed] = r.requests.slice(25).map((q) => q.body);
    expect(processed).toMatchObject({ eventType: 'sync.events.processed', eventData: { status: 'processed', processed: 25, emitted: 25, complete: false } });
    expect(allConsumed).toMatchObject({
      eventType: 'sync.events.allConsumed',
      eventData: { status: 'completed', processed: 25, emitted: 25, consumed: 25, complete: true },
    });
    const times = allConsumed!.eventData as Record<string, string>;
    for (const t of ['startedAt', 'processedAt', 'completedAt']) expect(times[t]).toMatch(/^\d{13}$/);
    expect(Number(times.startedAt) <= Number(times.processedAt) && Number(times.processedAt) <= Number(times.completedAt)).toBe(true);
  });

  it("reads a run's changes as it delivers them: a bounded number ahead of what the receiver got", async () => {
    const r = await receiver();
    const all = initialChanges(new Company({ seed: 5, employees: 3_000 }), DEFAULT_MODEL_IDS);
    let ahead = 0;
    const changes = {
      length: all.length,
      *[Symbol.iterator]() {
        let read = 0;
        for (const change of all) {
          ahead = Math.max(ahead, ++read - r.requests.length);
          yield change;
        }
      },
    };
    const run = await deliverRun({
      destination: r.url,
      apiKey: KEY,
      integrationId: 'int_stream',
      syncJobId: 'sj_stream',
      syncType: 'initial_sync',
      changes,
      concurrency: 4,
    });
    expect(run).toMatchObject({ emitted: 3_000, consumed: 3_000, allConsumedDelivered: true });
    expect(new Set(r.accepted().map((b) => b.recordId)).size).toBe(3_001); // the employees and the sync events' undefined
    // at most 256 record events started and unfinished at once (max(256, 32 x concurrency))
    expect(ahead).toBeGreaterThan(4);
    expect(ahead).toBeLessThanOrEqual(256);
  });

  it('is deterministic for a seed: the same records and data, with fresh event ids', async () => {
    const r1 = await receiver();
    const r2 = await receiver();
    await start(await emulator({ seed: 77 }), r1.url);
    await start(await emulator({ seed: 77 }), r2.url);
    const strip = (t: TestReceiver) => t.requests.filter((q) => q.body.recordId).map((q) => [q.body.recordId, q.body.eventData]);
    expect(strip(r2)).toEqual(strip(r1));
    expect(r2.requests[0]!.body.eventId).not.toBe(r1.requests[0]!.body.eventId);
  });

  it('retries a receiver that answers 500 for a while: nothing lost, allConsumed only after every 200', async () => {
    const r = await receiver((req) => (req.n <= 12 ? 500 : 200));
    const progress: DeliveryProgress[] = [];
    const running = await emulator({ delivery: { ...FAST, onProgress: (p) => progress.push(p) } });
    await start(running, r.url);

    const accepted = r.accepted();
    expect(new Set(accepted.filter((b) => b.eventType === 'record.new').map((b) => b.recordId)).size).toBe(25);
    const lastRecordOk = r.requests.findLastIndex((q) => q.body.eventType === 'record.new' && q.status === 200);
    const allConsumedAt = r.requests.findIndex((q) => q.body.eventType === 'sync.events.allConsumed');
    expect(allConsumedAt).toBeGreaterThan(lastRecordOk);
    expect(r.requests[allConsumedAt]!.body.eventData).toMatchObject({ consumed: 25 });

    const run = running.emulator.job('int_acme')!.runs[0]!;
    expect(run).toMatchObject({ consumed: 25, retries: 12, failed: [], allConsumedDelivered: true });
    expect(run.answers).toEqual({ '200': 27, '500': 12 });
    const retries = progress.filter((p) => p.type === 'attempt' && p.outcome === 'retry');
    expect(retries).toHaveLength(12);
    // A redelivery is the same event: same id, same bytes, same signature.
    const firstFailed = r.requests[0]!;
    const redelivery = r.requests.find((q) => q.n > 1 && q.body.eventId === firstFailed.body.eventId)!;
    expect(redelivery.raw.equals(firstFailed.raw)).toBe(true);
    expect(redelivery.headers['x-knit-signature']).toBe(firstFailed.headers['x-knit-signature']);
  });

  it('gives up on an event after the bounded attempts and then sends no allConsumed', async () => {
    let victim: unknown;
    const r = await receiver((req) => {
      victim ??= req.body.eventId;
      return req.body.eventId === victim ? 503 : 200;
    });
    const running = await emulator({ employees: 4, delivery: { retry: { attempts: 3, baseDelayMs: 5 } } });
    await start(running, r.url);
    const run = running.emulator.job('int_acme')!.runs[0]!;
    expect(run.failed).toEqual([expect.objectContaining({ eventId: victim, eventType: 'record.new', lastAnswer: '503' })]);
    expect(run.consumed).toBe(3);
    expect(run.allConsumedDelivered).toBe(false);
    expect(r.requests.filter((q) => q.body.eventId === victim)).toHaveLength(3);
    expect(r.requests.some((q) => q.body.eventType === 'sync.events.processed')).toBe(true);
    expect(r.requests.some((q) => q.body.eventType === 'sync.events.allConsumed')).toBe(false);
  });

  it('retries timeouts and refused connections', async () => {
    let first = true;
    const slow = createServer((req, res) => {
      req.resume();
      if (first) {
        first = false;
        return; // never answers: the emulator times out
      }
      res.writeHead(200).end('ok');
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => (slow.closeAllConnections(), slow.close(() => resolve()))));
    const company = new Company({ seed: 1, employees: 1 });
    const common = {
      apiKey: KEY,
      integrationId: 'int_x',
      syncJobId: 'sj_x',
      syncType: 'initial_sync' as const,
      changes: initialChanges(company, DEFAULT_MODEL_IDS),
    };
    const timedOut = await deliverRun({ ...common, destination: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`, timeoutMs: 200, ...FAST });
    expect(timedOut.answers).toEqual({ timeout: 1, '200': 3 });
    expect(timedOut.allConsumedDelivered).toBe(true);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await deliverRun({ ...common, destination: `http://127.0.0.1:${port}/`, retry: { attempts: 2, baseDelayMs: 5 } });
    expect(refused.answers).toEqual({ ECONNREFUSED: 4 });
    expect(refused.failed.map((f) => f.eventType)).toEqual(['record.new', 'sync.events.processed']);
  });

  it('delta runs carry new, modified and deleted records that keep the receiver consistent with the company', async () => {
    const r = await receiver();
    const running = await emulator({ employees: 40, deltaSize: { hires: 2, departures: 2, changes: 6 } });
    await start(running, r.url);
    const job = running.emulator.job('int_acme')!;
    for (let i = 0; i < 3; i++) job.startDeltaSync();
    await running.emulator.idle();

    const deltas = r.accepted().filter((b) => b.syncType === 'delta_sync');
    const types = new Set(deltas.map((b) => b.eventType));
    expect(types).toEqual(new Set(['record.new', 'record.modified', 'record.deleted', 'sync.events.processed', 'sync.events.allConsumed']));
    const deleted = deltas.filter((b) => b.eventType === 'record.deleted');
    for (const d of deleted) expect(d.eventData).toEqual({ employeeId: d.recordId, workEmail: expect.any(String) });
    // A deleted employee is gone from later runs.
    const deletedIds = new Set(deleted.map((d) => d.recordId));
    const lastRun = job.runs.at(-1)!.syncRunId;
    for (const b of deltas) if (b.syncRunId === lastRun && b.eventType !== 'record.deleted') expect(deletedIds.has(b.recordId)).toBe(false);

    const company = job.company;
    const replayed = directory(r.accepted());
    expect([...replayed.keys()].sort()).toEqual([...company.employees.keys()].sort());
    for (const [id, data] of replayed) expect(data).toEqual(company.eventData(id, DEFAULT_MODEL_IDS));
    const processed = deltas.filter((b) => b.eventType === 'sync.events.processed');
    expect(processed).toHaveLength(3);
  });

  it('sync.update with new models starts a fresh initial sync carrying only them; destination alone does not', async () => {
    const r = await receiver();
    const running = await emulator({ employees: 5 });
    const { client, syncJobId } = await start(running, r.url);
    const before = r.requests.length;
    await client.syncUpdate({ syncJobId, destination: `${r.url}?moved=1` });
    await running.emulator.idle();
    expect(r.requests.length).toBe(before);
    await client.syncUpdate({ syncJobId, models: ['employee_contactInfo'] });
    await running.emulator.idle();
    const fresh = r.requests.slice(before).map((q) => q.body);
    expect(fresh.filter((b) => b.eventType === 'record.new')).toHaveLength(5);
    for (const b of fresh.filter((x) => x.eventType === 'record.new')) expect(Object.keys(b.eventData as object)).toEqual(['contactInfo']);
    expect(running.emulator.job('int_acme')!.initialSyncs).toBe(2);
  });

  it('sync.start with includeInactiveRecords sends the employees who left, as inactive', async () => {
    const r = await receiver();
    const running = await emulator({ employees: 30, deltaSize: { hires: 0, departures: 2, changes: 0 } });
    const { client } = await start(running, r.url);
    running.emulator.job('int_acme')!.startDeltaSync();
    await running.emulator.idle();
    const left = r
      .accepted()
      .filter((b) => b.eventType === 'record.deleted')
      .map((b) => b.recordId);
    expect(left).toHaveLength(2);
    const before = r.requests.length;
    await client.syncStart({ models: ['employee_profile'], frequency: 'high', destination: r.url, includeInactiveRecords: true });
    await running.emulator.idle();
    const initial = r.requests
      .slice(before)
      .map((q) => q.body)
      .filter((b) => b.eventType === 'record.new');
    expect(initial).toHaveLength(30);
    const inactive = initial.filter((b) => (b.eventData as { profile: { employmentStatus: string } }).profile.employmentStatus === 'INACTIVE');
    expect(inactive.map((b) => b.recordId).sort()).toEqual([...left].sort());
  });

  it('a run with no record events still sends processed (emitted 0) and allConsumed (consumed 0)', async () => {
    const r = await receiver();
    const result = await deliverRun({
      apiKey: KEY,
      integrationId: 'int_x',
      syncJobId: 'sj_x',
      syncType: 'delta_sync',
      changes: [],
      processed: 12,
      destination: r.url,
    });
    expect(r.requests.map((q) => q.body.eventType)).toEqual(['sync.events.processed', 'sync.events.allConsumed']);
    expect(r.requests[0]!.body.eventData).toMatchObject({ processed: 12, emitted: 0 });
    expect(r.requests[1]!.body.eventData).toMatchObject({ processed: 12, emitted: 0, consumed: 0 });
    expect(result).toMatchObject({ emitted: 0, consumed: 0, allConsumedDelivered: true });
  });

  it("leaves no abort listener behind on the job's signal after each run (12 runs: no MaxListenersExceededWarning)", async () => {
    const r = await receiver();
    const job = new AbortController();
    for (let i = 0; i < 12; i++) {
      await deliverRun({
        apiKey: KEY,
        integrationId: 'int_x',
        syncJobId: 'sj_x',
        syncType: 'delta_sync',
        changes: [],
        processed: 0,
        destination: r.url,
        signal: job.signal,
      });
    }
    expect(getEventListeners(job.signal, 'abort')).toHaveLength(0);
  });

  it('runs deltas on its own every deltaEverySeconds, and sync.pause stops them until sync.resume', async () => {
    const r = await receiver();
    const running = await emulator({ employees: 8, deltaEverySeconds: 0.05 });
    const { client, syncJobId } = await start(running, r.url);
    const job = running.emulator.job('int_acme')!;
    await expect.poll(() => job.runs.filter((x) => x.syncType === 'delta_sync').length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    await client.syncPause({ syncJobId });
    await running.emulator.idle();
    const paused = job.runs.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(job.runs.length).toBe(paused);
    await client.syncResume({ syncJobId });
    await expect.poll(() => job.runs.length, { timeout: 5_000 }).toBeGreaterThan(paused);
  });

  it("answers 401 with Knit's envelope to a wrong key, and 400 to a call without an integration id", async () => {
    const running = await emulator();
    const post = (headers: Record<string, string>) =>
      fetch(`${running.baseUrl}/sync.start`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    const unauthorized = await post({ authorization: 'Bearer nope', 'x-knit-integration-id': 'int_1' });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('x-knit-execution-id')).toMatch(/^ex_/);
    expect(await unauthorized.json()).toEqual({ success: false, error: { msg: 'Invalid API key' } });
    const noIntegration = await post({ authorization: `Bearer ${KEY}` });
    expect(noIntegration.status).toBe(400);
    const invalid = await post({ authorization: `Bearer ${KEY}`, 'x-knit-integration-id': 'int_1' });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { msg: string } }).error.msg).toContain('models');
  });
});
