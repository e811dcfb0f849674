import { readdir, readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/log';
import { isColumnFile } from '../../../electron/core/state/columns/column-file';
import { applyEvent, applyRetry } from '../../../electron/core/state/apply';
import { State } from '../../../electron/core/state/state';
import { dataFiles, prepareDataDir } from '../../../electron/core/store/data-dir';
import { JournalStore } from '../../../electron/core/store/journal-store';
import { StateFileChangedError } from '../../../electron/core/store/group-commit';
import { captureState, loadSnapshot, writeSnapshot } from '../../../electron/core/store/snapshot';
import { EventWindows } from '../../../electron/core/query/event-windows';
import { EMPTY_FILTER } from '../../../shared/api/event-filter';
import { recordEvent, removeDir, tempDir, profileData } from '../../support/core';
import { acceptedEvent } from '../../support/accepted-event';
import { acceptInput } from '../../support/accept-input';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
  await prepareDataDir(dir);
});
afterEach(() => removeDir(dir));

const open = (): Promise<JournalStore> => JournalStore.open({ dataDir: dir, log: silentLogger });

async function storeEvents(store: JournalStore, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) {
    const input = acceptInput(recordEvent(`e_${i}`, i % 4 === 0 ? 'record.modified' : 'record.new', `r_${i % 5}`));
    await store.accept(input);
    if (i % 3 === 0) await store.accept(input); // a redelivery
  }
}

/** Everything a state answers from, as plain data (events materialised). */
function contents(state: State): unknown {
  return {
    events: [...state.events.values()].map((e) => ({ ...e, flags: [...e.flags] })),
    employees: [...state.employees.entries()],
    runs: [...state.runs.entries()].map(([k, r]) => [k, JSON.parse(JSON.stringify(r))]),
    lastSeq: state.lastSeq,
    retries: state.retries,
  };
}

/** `state` written as a version 1 snapshot (JSON Lines), as data folders made before v2 hold it. */
async function writeV1(path: string, state: State, header: object): Promise<void> {
  const lines = [JSON.stringify({ snapshot: 1, ...header, lastSeq: state.lastSeq, retries: state.retries, createdAt: new Date().toISOString() })];
  for (const e of state.events.values()) lines.push(JSON.stringify(['e', e]));
  for (const p of state.employees.values()) lines.push(JSON.stringify(['p', p]));
  for (const r of state.runs.values()) lines.push(JSON.stringify(['r', r]));
  lines.push(JSON.stringify(['end', lines.length - 1]));
  await writeFile(path, `${lines.join('\n')}\n`);
}

describe('state snapshot v2', () => {
  it('round-trips events, retries, employees and runs through a column file', async () => {
    const state = new State();
    for (let seq = 1; seq <= 30; seq++)
      applyEvent(
        state,
        acceptedEvent(seq, seq % 10 === 0 ? 'sync.events.processed' : 'record.new', { recordId: `r${seq % 7}`, eventData: profileData('Zoë', `N${seq}`) }),
      );
    applyRetry(state, 'e_3');
    const path = dataFiles(dir).snapshot;
    await writeSnapshot(path, captureState(state, 'journal-1', 1234));
    expect(isColumnFile(await readFile(path))).toBe(true);
    const loaded = await loadSnapshot(path);
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.header).toMatchObject({ snapshot: 2, journalId: 'journal-1', journalPosition: 1234, lastSeq: 30, retries: 1 });
    expect(contents(loaded.state)).toEqual(contents(state));
  });

  it('captures the state at the call: events and retries that come while it is written are not in it', async () => {
    const state = new State();
    for (let seq = 1; seq <= 5; seq++) applyEvent(state, acceptedEvent(seq, 'record.new', { recordId: `r${seq}` }));
    const before = contents(state);
    const capture = captureState(state, 'journal-1', 10);
    for (let seq = 6; seq <= 3000; seq++) applyEvent(state, acceptedEvent(seq, 'record.new', { recordId: `r${seq}` })); // grows every column
    applyRetry(state, 'e_1');
    const path = dataFiles(dir).snapshot;
    await writeSnapshot(path, capture);
    const loaded = await loadSnapshot(path);
    expect(loaded.ok && contents(loaded.state)).toEqual(before);
  });

  it('opens a folder with a v1 snapshot as it was, and rewrites it as v2 after the start', async () => {
    const store = await open();
    await storeEvents(store, 0, 12);
    await store.close();
    const { snapshot } = dataFiles(dir);
    const v2 = await loadSnapshot(snapshot);
    if (!v2.ok) throw new Error(v2.error);
    const { journalId, journalPosition, checksums } = v2.header;
    const stored = contents(v2.state); // before the file it reads its text from is rewritten in place
    await writeV1(snapshot, v2.state, { journalId, journalPosition, checksums });
    const v1 = await loadSnapshot(snapshot);
    expect(v1.ok && v1.header.snapshot).toBe(1);
    expect(v1.ok && contents(v1.state)).toEqual(stored);
    const reopened = await open();
    expect(reopened.problems).toEqual([]);
    expect(contents(reopened.state)).toEqual(stored);
    await expect.poll(async () => isColumnFile(await readFile(snapshot)), { timeout: 10_000 }).toBe(true); // converted in the background
    await storeEvents(reopened, 12, 1);
    await reopened.close();
    expect(isColumnFile(await readFile(snapshot))).toBe(true);
    const after = await open();
    expect(after.state.events.size).toBe(13);
    expect(after.state.events.get('e_3')?.retries).toBe(1);
    await after.close();
  });

  const damages: Array<[string, (file: Buffer) => Buffer, RegExp]> = [
    ['a flipped byte in a column', (f) => Buffer.from(f).fill(f[f.length - 200]! ^ 0x20, f.length - 200, f.length - 199), /its column .* is damaged/],
    [
      'a flipped digit in the header line',
      (f) => Buffer.from(f.toString('latin1').replace('"lastSeq":20', '"lastSeq":29'), 'latin1'),
      /its header line is damaged/,
    ],
    ['cut short', (f) => f.subarray(0, Math.floor(f.length * 0.7)), /it is cut short/],
  ];
  for (const [name, damage, reason] of damages) {
    it(`reports a v2 snapshot with ${name} and rebuilds the state from the journal`, async () => {
      const store = await open();
      await storeEvents(store, 0, 20);
      await store.close();
      const { snapshot } = dataFiles(dir);
      const file = await readFile(snapshot);
      await writeFile(snapshot, damage(file));
      const loaded = await loadSnapshot(snapshot);
      expect(loaded.ok ? 'loaded' : loaded.error).toMatch(reason);
      const reopened = await open();
      expect(reopened.problems).toEqual([
        expect.objectContaining({
          kind: 'corrupt-snapshot',
          message: expect.stringMatching(/^The state snapshot file is corrupt \(.*\); it was set aside as .* and the state rebuilt from the journal\.$/),
        }),
      ]);
      expect(reopened.state.events.size).toBe(20);
      expect(reopened.state.retries).toBe(7);
      expect((await readdir(dir)).some((f) => f.startsWith('state.snapshot.corrupt-'))).toBe(true);
      await reopened.close();
    });
  }
});

describe('queryEvents after a restart', () => {
  it('finds the events of a category both from the snapshot v2 the store reopened with and appended after it', async () => {
    let store = await open();
    await storeEvents(store, 1, 40);
    await store.close();
    store = await open();
    await storeEvents(store, 41, 20);
    const expected = [...store.state.events.values()]
      .filter((e) => e.category === 'modified')
      .map((e) => e.eventId)
      .reverse();
    const window = new EventWindows().query(store.state, { filter: { ...EMPTY_FILTER, categories: ['modified'] }, offset: 0, limit: 100 });
    expect(window.rows.map((e) => e.eventId)).toEqual(expected);
    expect(expected).toHaveLength(15);
    await store.close();
  });
});

describe('text columns kept in the snapshot file', () => {
  /** Bytes the state's string heaps and search texts hold in memory. */
  const textInMemory = (state: State): number =>
    [
      ...Object.values(state.events.heaps),
      ...Object.values(state.employees.columns.parts.text),
      state.events.search,
      state.employees.columns.parts.search,
    ].reduce((sum, part) => sum + part.byteSize, 0);

  /** `count` new employees from `from` on, with long names and emails (text is most of their bytes). */
  async function storePeople(store: JournalStore, from: number, count: number): Promise<void> {
    for (let i = from; i < from + count; i++)
      await store.accept(acceptInput(recordEvent(`event-${i}-${'x'.repeat(30)}`, 'record.new', `record-${i}`, profileData(`Firstname${i}`, `Lastname-${i}`))));
  }

  it('frees the text a snapshot holds, reads it back from the file across snapshots and restarts', async () => {
    const store = await open();
    await storePeople(store, 0, 400);
    const held = textInMemory(store.state);
    await store.snapshotNow();
    expect(textInMemory(store.state)).toBeLessThan(held / 3); // left: 8 bytes a row (starts, lengths), 12 a search record
    const first = contents(store.state);
    await storePeople(store, 400, 200); // in memory, after the file's bytes
    await store.snapshotNow(); // writes the file's bytes, then the new ones: the next file holds both
    await storePeople(store, 600, 10);
    const before = contents(store.state);
    expect((before as { events: unknown[] }).events.slice(0, 400)).toEqual((first as { events: unknown[] }).events);
    expect(new EventWindows().query(store.state, { filter: { ...EMPTY_FILTER, text: 'lastname-42' }, offset: 0, limit: 50 }).total).toBe(11);
    await store.close();
    const reopened = await open();
    expect(contents(reopened.state)).toEqual(before);
    await reopened.close();
  });
});

describe('a snapshot file changed under the state', () => {
  it('refuses deliveries with a 503-class error once the file the state reads is written in place, and not before', async () => {
    const store = await open();
    await storeEvents(store, 0, 20);
    await store.snapshotNow();
    await store.snapshotNow(); // a snapshot renamed over the last: our own rename is no change
    await expect(store.accept(acceptInput(recordEvent('e_new', 'record.new', 'r_new')))).resolves.toMatchObject({ kind: 'stored' });
    const path = dataFiles(dir).snapshot;
    const bytes = await readFile(path);
    bytes.fill(0x7a, bytes.length - 64); // same size, other bytes, a later modification time
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(path, bytes);
    const redelivery = store.accept(acceptInput(recordEvent('e_1', 'record.new', 'r_1')));
    await expect(redelivery).rejects.toBeInstanceOf(StateFileChangedError);
    await expect(redelivery).rejects.toThrow(/was changed by another program while in use; restart to rebuild it/);
    await store.close();
  });
});

describe('an event that cannot be applied', () => {
  it('is kept in the journal under its own seq, its caller told, the rest applied, and all back after a restart', async () => {
    const store = await open();
    await storeEvents(store, 0, 10);
    await store.snapshotNow();
    store.state.file!.close(); // the text reads now throw, the file itself unchanged (a read error, not a change)
    const modified = store.accept(acceptInput(recordEvent('e_mod', 'record.modified', 'r_1'))); // reads r_1's row
    const fresh = store.accept(acceptInput(recordEvent('e_fresh', 'record.new', 'r_fresh')));
    await expect(modified).rejects.toThrow(/e_mod is stored in the journal but could not be applied/);
    expect((await fresh).kind).toBe('stored');
    await store.close();
    const reopened = await open();
    expect(reopened.state.events.has('e_mod') && reopened.state.events.has('e_fresh')).toBe(true);
    expect(reopened.state.events.seqOf('e_fresh')).toBeGreaterThan(reopened.state.events.seqOf('e_mod')!);
    await reopened.close();
  });
});
