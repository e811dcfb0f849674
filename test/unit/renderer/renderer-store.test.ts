/**
 * The renderer's store over the FakeCompanion with a fake requestAnimationFrame: batches are applied once
 * per frame (never one change per message), the first load holds no events (lists ask for their window),
 * batches arriving during a load are not lost, and `reset` re-queries everything.
 */
import { describe, expect, it } from 'vitest';
import { createFrameQueue } from '../../../renderer/state/frame-queue';
import { applyBatches, initialState } from '../../../renderer/state/companion-state';
import { createRendererStore } from '../../../renderer/state/renderer-store';
import { FakeCompanion } from '../../support/fake-companion';
import { fakePeople, personData, recordEvent } from '../../support/fake-knit-events';

/** A manual animation-frame scheduler: `frame()` runs what was scheduled. */
function fakeRaf() {
  let pending: Array<() => void> = [];
  return {
    schedule: (cb: () => void) => pending.push(cb),
    frame() {
      const run = pending;
      pending = [];
      for (const cb of run) cb();
    },
    get scheduled() {
      return pending.length;
    },
  };
}

const run = { syncJobId: 'sj_1', syncRunId: 'sr_1', syncType: 'initial_sync' as const };
const bodies = (n: number, from = 0) =>
  fakePeople(n + from)
    .slice(from)
    .map((p) => recordEvent(run, 'record.new', p.recordId, personData(p)));
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('createFrameQueue', () => {
  it('flushes everything pushed before a frame in one call, and schedules once', () => {
    const raf = fakeRaf();
    const flushed: number[][] = [];
    const q = createFrameQueue<number>((items) => flushed.push(items), raf.schedule);
    q.push(1);
    q.push(2);
    q.push(3);
    expect(raf.scheduled).toBe(1);
    expect(flushed).toEqual([]);
    raf.frame();
    expect(flushed).toEqual([[1, 2, 3]]);
    q.push(4);
    raf.frame();
    raf.frame();
    expect(flushed).toEqual([[1, 2, 3], [4]]);
  });
  it('clear drops pending items', () => {
    const raf = fakeRaf();
    const flushed: number[][] = [];
    const q = createFrameQueue<number>((items) => flushed.push(items), raf.schedule);
    q.push(1);
    q.clear();
    raf.frame();
    expect(flushed).toEqual([]);
  });
});

describe('applyBatches', () => {
  it('counts batches with new or changed events once per call, holds no events, upserts the rest', () => {
    const api = new FakeCompanion();
    const stored = api.deliver(bodies(3));
    const summaries = stored.map(({ headers: _h, rawBody: _r, body: _b, previous: _p, warnings: _w, ...s }) => s);
    let state = applyBatches(initialState(), [{ events: summaries.slice(0, 2) }, { events: summaries }]);
    expect(state.eventsVersion).toBe(1);
    expect(Object.keys(state)).not.toContain('events');
    state = applyBatches(state, [
      { eventsChanged: [{ ...summaries[1]!, retries: 2 }] },
      { rejected: [{ id: 1 } as never] },
      { rejected: [{ id: 1 } as never] },
    ]);
    expect(state.eventsVersion).toBe(2);
    expect(state.rejected).toHaveLength(1);
    expect(applyBatches(state, [{ rejected: [{ id: 2 } as never] }]).eventsVersion).toBe(2);
  });

  it('holds no directory: a frame of employee batches bumps employeesVersion once, with the keys it changed', () => {
    const emp = (integrationId: string, recordId: string) => ({ integrationId, recordId, name: recordId }) as never;
    const before = applyBatches(initialState(), [{ employees: [emp('int_1', 'a'), emp('int_1', 'b')] }]);
    expect(Object.keys(before)).not.toContain('employees');
    const state = applyBatches(before, [{ employees: [emp('int_1', 'c'), emp('int_1', 'a')] }, { employees: [emp('int_2', 'a')] }]);
    expect(state.employeesVersion).toBe(before.employeesVersion + 1);
    expect([...state.employeesChanged].sort()).toEqual(['int_1\u0000a', 'int_1\u0000c', 'int_2\u0000a']);
    expect(state.employeeIntegrations).toEqual(['int_1', 'int_2']);
    expect(applyBatches(state, [{ rejected: [{ id: 2 } as never] }]).employeesVersion).toBe(state.employeesVersion);
  });
});

describe('createRendererStore', () => {
  it('loads everything but the events, which lists ask for by window', async () => {
    const api = new FakeCompanion();
    api.deliver(bodies(5_005));
    const store = createRendererStore(api, fakeRaf().schedule);
    await store.start();
    const state = store.getState();
    expect(state.loading).toBe(false);
    expect(api.calls.filter((c) => /^(listEvents|queryEvents|listEmployees|queryEmployees)$/.test(c.method))).toEqual([]);
    expect(state.eventsVersion).toBe(1);
    expect(state.employeesVersion).toBe(1);
  });

  it('applies many batches in one state change per frame', async () => {
    const api = new FakeCompanion();
    const raf = fakeRaf();
    const store = createRendererStore(api, raf.schedule);
    await store.start();
    let changes = 0;
    store.subscribe(() => changes++);
    const before = store.getState().eventsVersion;
    for (let i = 0; i < 20; i++) api.deliver(bodies(1, i));
    expect(store.getState().eventsVersion).toBe(before);
    expect(raf.scheduled).toBe(1);
    raf.frame();
    expect(changes).toBe(1);
    expect(store.getState().eventsVersion).toBe(before + 1);
    expect(store.getState().employeesChanged.size).toBe(20);
  });

  it('keeps batches that arrive during the first load and applies them after it', async () => {
    const api = new FakeCompanion();
    api.deliver(bodies(3));
    const raf = fakeRaf();
    const store = createRendererStore(api, raf.schedule);
    const started = store.start();
    api.deliver(bodies(2, 3)); // seq 4 and 5 arrive while the load runs
    raf.frame();
    await started;
    expect([...store.getState().employeesChanged]).toEqual(
      fakePeople(5)
        .slice(3)
        .map((p) => `int_demo_1\u0000${p.recordId}`),
    );
    expect(store.getState().employeesVersion).toBe(2); // the load, then the held batches
  });

  it('re-queries everything on reset', async () => {
    const api = new FakeCompanion();
    api.deliver(bodies(4));
    const raf = fakeRaf();
    const store = createRendererStore(api, raf.schedule);
    await store.start();
    api.deliver(bodies(1, 4));
    raf.frame();
    expect(store.getState().employeesVersion).toBe(2);
    await api.purge({ all: true });
    raf.frame();
    await settle();
    await settle();
    expect(store.getState().employeesVersion).toBe(1);
    expect(store.getState().employeesChanged.size).toBe(0);
    expect(api.calls.filter((c) => c.method === 'getStatus')).toHaveLength(2);
  });

  it('reports a failed load in words instead of throwing', async () => {
    const api = new FakeCompanion();
    api.listRuns = () => Promise.reject(new Error('The Companion cannot be reached: is knit-sync still running?'));
    const store = createRendererStore(api, fakeRaf().schedule);
    await store.start();
    expect(store.getState()).toMatchObject({
      loading: false,
      loadError: 'Could not load from the Companion: The Companion cannot be reached: is knit-sync still running?',
    });
  });
});
