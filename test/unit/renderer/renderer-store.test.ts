/**
 * The renderer's store over the FakeCompanion with a fake requestAnimationFrame: batches are applied once
 * per frame (never one change per message), the first load pages events in ascending seq with 5,000 per
 * page, batches arriving during a load are not lost, and `reset` re-queries everything.
 */
import { describe, expect, it } from 'vitest';
import type { EventQuery } from '../../../shared/api/companion-api';
import { createFrameQueue } from '../../../renderer/state/frame-queue';
import { applyBatches, initialState } from '../../../renderer/state/companion-state';
import { EventList } from '../../../renderer/state/event-list';
import { createRendererStore, EVENT_PAGE_SIZE } from '../../../renderer/state/renderer-store';
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
  it('appends new events, ignores duplicates, replaces changed ones, upserts the rest', () => {
    const api = new FakeCompanion();
    const stored = api.deliver(bodies(3));
    const summaries = stored.map(({ headers: _h, rawBody: _r, body: _b, previous: _p, warnings: _w, ...s }) => s);
    let state = applyBatches(initialState(), [{ events: summaries.slice(0, 2) }, { events: summaries }]);
    expect(state.events.toArray().map((e) => e.seq)).toEqual([1, 2, 3]);
    state = applyBatches(state, [
      { eventsChanged: [{ ...summaries[1]!, retries: 2 }] },
      { rejected: [{ id: 1 } as never] },
      { rejected: [{ id: 1 } as never] },
    ]);
    expect(state.events.get(1)?.retries).toBe(2);
    expect(state.eventIndex.get(summaries[2]!.eventId)).toBe(2);
    expect(state.rejected).toHaveLength(1);
  });

  it('upserts employees of many batches in their order and keeps the index right', () => {
    const emp = (recordId: string, name: string) => ({ integrationId: 'int_1', recordId, name }) as never;
    const before = applyBatches(initialState(), [{ employees: [emp('a', 'A1'), emp('b', 'B1')] }]);
    const state = applyBatches(before, [{ employees: [emp('c', 'C1'), emp('a', 'A2')] }, { employees: [emp('b', 'B2'), emp('a', 'A3')] }]);
    expect(state.employees.toArray().map((e) => e.name)).toEqual(['A3', 'B2', 'C1']);
    expect(state.employees.get({ integrationId: 'int_1', recordId: 'b' })?.name).toBe('B2');
    expect(before.employees.toArray().map((e) => e.name)).toEqual(['A1', 'B1']);
  });
});

describe('createRendererStore', () => {
  it('loads events in pages of 5,000 in ascending seq', async () => {
    const api = new FakeCompanion();
    api.deliver(bodies(EVENT_PAGE_SIZE + 5));
    const store = createRendererStore(api, fakeRaf().schedule);
    await store.start();
    const state = store.getState();
    expect(state.loading).toBe(false);
    expect(state.events).toHaveLength(EVENT_PAGE_SIZE + 5);
    expect(state.events.toArray().every((e, i) => e.seq === i + 1)).toBe(true);
    const pages = api.calls.filter((c) => c.method === 'listEvents').map((c) => c.input as EventQuery);
    expect(pages).toEqual([
      { afterSeq: 0, limit: EVENT_PAGE_SIZE },
      { afterSeq: EVENT_PAGE_SIZE, limit: EVENT_PAGE_SIZE },
    ]);
    expect(state.employees).toHaveLength(EVENT_PAGE_SIZE + 5);
  });

  it('applies many batches in one state change per frame', async () => {
    const api = new FakeCompanion();
    const raf = fakeRaf();
    const store = createRendererStore(api, raf.schedule);
    await store.start();
    let changes = 0;
    store.subscribe(() => changes++);
    for (let i = 0; i < 20; i++) api.deliver(bodies(1, i));
    expect(store.getState().events).toHaveLength(0);
    expect(raf.scheduled).toBe(1);
    raf.frame();
    expect(changes).toBe(1);
    expect(
      store
        .getState()
        .events.toArray()
        .map((e) => e.seq),
    ).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('keeps batches that arrive during the first load, without duplicates', async () => {
    const api = new FakeCompanion();
    api.deliver(bodies(3));
    const raf = fakeRaf();
    const store = createRendererStore(api, raf.schedule);
    const started = store.start();
    api.deliver(bodies(2, 3)); // seq 4 and 5 arrive while the load runs
    raf.frame();
    await started;
    expect(
      store
        .getState()
        .events.toArray()
        .map((e) => e.seq),
    ).toEqual([1, 2, 3, 4, 5]);
  });

  it('re-queries everything on reset', async () => {
    const api = new FakeCompanion();
    api.deliver(bodies(4));
    const raf = fakeRaf();
    const store = createRendererStore(api, raf.schedule);
    await store.start();
    expect(store.getState().events).toHaveLength(4);
    await api.purge({ all: true });
    raf.frame();
    await settle();
    await settle();
    expect(store.getState().events).toHaveLength(0);
    expect(store.getState().employees).toHaveLength(0);
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

describe('EventList', () => {
  it('appends in place for the newest version, while older versions keep their length', () => {
    const api = new FakeCompanion();
    const [a, b, c] = api.deliver(bodies(3)).map(({ headers: _h, rawBody: _r, body: _b, previous: _p, warnings: _w, ...s }) => s);
    const v1 = EventList.of([a!]);
    const v2 = v1.append([b!]);
    expect(v1.length).toBe(1);
    expect(v1.get(1)).toBeUndefined();
    expect(v2.toArray().map((e) => e.seq)).toEqual([1, 2]);
    const fork = v1.append([c!]); // appending to an older version must not disturb the newer one
    expect(fork.toArray().map((e) => e.seq)).toEqual([1, 3]);
    expect(v2.toArray().map((e) => e.seq)).toEqual([1, 2]);
    const changed = v2.replace([[0, { ...a!, retries: 5 }]]);
    expect(changed.get(0)?.retries).toBe(5);
    expect(v2.get(0)?.retries).toBe(0);
  });
});
