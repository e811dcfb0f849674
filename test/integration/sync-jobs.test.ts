/**
 * SyncJobs against a real Knit emulator over loopback HTTP, with in-memory stand-ins for what the Companion
 * provides (saved jobs, environments, public URL, emit).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SyncJob } from '../../shared/api/types';
import { DEFAULT_MODEL_IDS } from '../../shared/knit/models';
import { KnitApiError } from '../../electron/core/knit/errors';
import { Emulator, type RunningEmulator } from '../../electron/core/emulator/emulator';
import { SyncJobs } from '../../electron/core/sync/sync-jobs';
import { SyncJobError, type SyncEnvironment, type SyncJobsDeps } from '../../electron/core/sync/types';
import { startTestReceiver, type TestReceiver } from './emulator-test-receiver';

const KEY = 'demo_key_5cb1a0e77f2d';

let running: RunningEmulator;
let receiver: TestReceiver;
beforeAll(async () => {
  receiver = await startTestReceiver(KEY);
  running = await Emulator.start({ apiKey: KEY, employees: 4, deltaEverySeconds: null, delivery: { retry: { baseDelayMs: 5 } } });
});
afterAll(async () => {
  await running.close();
  await receiver.close();
});

interface Harness {
  jobs: SyncJobs;
  saved: SyncJob[];
  emitted: SyncJob[][];
  logs: string[];
  state: { publicUrl: string | null; autoUpdate: boolean; environments: Record<string, SyncEnvironment> };
}

let h: Harness;
let integrationSeq = 0;
let integrationId: string;

beforeEach(() => {
  integrationId = `int_sync_${++integrationSeq}`;
  const state: Harness['state'] = {
    publicUrl: receiver.url,
    autoUpdate: false,
    environments: {
      demo: { name: 'demo', baseUrl: running.baseUrl, apiKey: KEY },
      sandbox: { name: 'sandbox', baseUrl: running.baseUrl, apiKey: null },
      wrong: { name: 'wrong', baseUrl: running.baseUrl, apiKey: 'not_the_key_123' },
    },
  };
  const harness = { saved: [] as SyncJob[], emitted: [] as SyncJob[][], logs: [] as string[], state } as Harness;
  const deps: SyncJobsDeps = {
    environment: async (name) => state.environments[name] ?? null,
    defaultEnvironment: () => 'demo',
    loadJobs: () => structuredClone(harness.saved),
    saveJobs: async (jobs) => void (harness.saved = structuredClone(jobs)),
    publicWebhookUrl: () => state.publicUrl,
    autoUpdateDestination: () => state.autoUpdate,
    emit: (jobs) => void harness.emitted.push(jobs),
    now: () => new Date('2026-11-29T12:00:00Z'),
    log: (line) => void harness.logs.push(line),
  };
  harness.jobs = new SyncJobs(deps);
  h = harness;
});

const startInput = () => ({ integrationId, models: DEFAULT_MODEL_IDS, frequency: 'standard' as const });
const emulated = () => running.emulator.job(integrationId)!;

describe('SyncJobs with the emulator as Knit', () => {
  it('starts a sync, saves the job, and restarting keeps the job and counts a second initial sync', async () => {
    const first = await h.jobs.start(startInput());
    expect(first).toEqual({
      integrationId,
      environment: 'demo',
      syncJobId: emulated().syncJobId,
      models: DEFAULT_MODEL_IDS,
      frequency: 'standard',
      destination: receiver.url,
      state: 'active',
      startedAt: '2026-11-29T12:00:00.000Z',
      updatedAt: '2026-11-29T12:00:00.000Z',
      initialSyncs: 1,
      stale: null,
      lastError: null,
    });
    expect(h.saved).toEqual([first]);
    expect(h.emitted.at(-1)).toEqual([first]);
    const again = await h.jobs.start({ ...startInput(), frequency: 'high' });
    expect(again.syncJobId).toBe(first.syncJobId);
    expect(again.initialSyncs).toBe(2);
    expect(again.frequency).toBe('high');
    expect(emulated().initialSyncs).toBe(2);
    expect(h.jobs.list()).toHaveLength(1);
    await running.emulator.idle();
  });

  it('updates the destination without an initial sync, and the models with one', async () => {
    await h.jobs.start(startInput());
    const moved = `${receiver.url}?v=2`;
    const updated = await h.jobs.update({ integrationId, destination: moved });
    expect(updated).toMatchObject({ destination: moved, initialSyncs: 1 });
    expect(emulated().initialSyncs).toBe(1);
    expect(emulated().subscription.destination).toBe(moved);

    const remodelled = await h.jobs.update({ integrationId, models: ['employee_profile'] });
    expect(remodelled).toMatchObject({ models: ['employee_profile'], initialSyncs: 2 });
    expect(emulated().initialSyncs).toBe(2);
    await running.emulator.idle();
  });

  it('pauses and resumes the job at Knit', async () => {
    await h.jobs.start(startInput());
    expect((await h.jobs.pause({ integrationId })).state).toBe('paused');
    expect(emulated().paused).toBe(true);
    expect(h.saved[0]!.state).toBe('paused');
    expect((await h.jobs.resume({ integrationId })).state).toBe('active');
    expect(emulated().paused).toBe(false);
    await running.emulator.idle();
  });

  it('marks jobs stale when the public URL changes, and clears the mark when it matches again', async () => {
    const job = await h.jobs.start(startInput());
    const next = 'https://fresh-tunnel.ngrok.app/knithook';
    h.state.publicUrl = next;
    await h.jobs.onPublicUrlChanged(next);
    expect(h.saved[0]!.stale).toEqual({ destination: job.destination, current: next });
    expect(h.emitted.at(-1)![0]!.stale).toEqual({ destination: job.destination, current: next });
    expect(emulated().subscription.destination).toBe(receiver.url);

    h.state.publicUrl = receiver.url;
    await h.jobs.onPublicUrlChanged(receiver.url);
    expect(h.saved[0]!.stale).toBeNull();
    await running.emulator.idle();
  });

  it('with auto update, pushes the new destination to Knit without an initial sync', async () => {
    await h.jobs.start(startInput());
    h.state.autoUpdate = true;
    const next = `${receiver.url}?tunnel=2`;
    h.state.publicUrl = next;
    await h.jobs.onPublicUrlChanged(next);
    expect(h.saved[0]).toMatchObject({ destination: next, stale: null, initialSyncs: 1, lastError: null });
    expect(emulated().subscription.destination).toBe(next);
    expect(emulated().initialSyncs).toBe(1);
    expect(h.logs.some((l) => l.includes(`destination updated to ${next}`))).toBe(true);
    await running.emulator.idle();
  });

  it('refuses clearly without a key, a job or a destination, and keeps Knit errors as lastError', async () => {
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => e,
      );
    expect(await refusal(h.jobs.start({ ...startInput(), environment: 'sandbox' }))).toMatchObject({
      code: 'no-api-key',
      message: 'No API key is set for the sandbox environment.',
    });
    expect(await refusal(h.jobs.start({ ...startInput(), environment: 'nowhere' }))).toBeInstanceOf(SyncJobError);
    expect(await refusal(h.jobs.pause({ integrationId }))).toMatchObject({ code: 'no-job' });
    h.state.publicUrl = null;
    expect(await refusal(h.jobs.start(startInput()))).toMatchObject({ code: 'no-destination' });

    const job = await h.jobs.start({ ...startInput(), destination: receiver.url });
    h.state.environments.demo = { ...h.state.environments.demo!, apiKey: 'rotated_key_0000' };
    const error = await refusal(h.jobs.pause({ integrationId }));
    expect(error).toBeInstanceOf(KnitApiError);
    expect((error as Error).message).toContain('the API key is not valid for the demo environment');
    expect(h.saved[0]).toMatchObject({ syncJobId: job.syncJobId, state: 'active', lastError: (error as Error).message });
    expect(await refusal(h.jobs.update({ integrationId }))).toMatchObject({ code: 'nothing-to-update' });
    await running.emulator.idle();
  });

  it('serializes concurrent operations so none is lost', async () => {
    const second = `${integrationId}_b`;
    await Promise.all([h.jobs.start(startInput()), h.jobs.start({ ...startInput(), integrationId: second })]);
    expect(h.saved.map((j) => j.integrationId).sort()).toEqual([integrationId, second].sort());
    await running.emulator.idle();
  });
});
