import { appendFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../electron/core/log';
import { dataFiles, prepareDataDir } from '../../../electron/core/store/data-dir';
import { loadSnapshot } from '../../../electron/core/store/snapshot';
import { JournalStore } from '../../../electron/core/store/journal-store';
import { recordEvent, removeDir, tempDir } from '../../support/core';
import { acceptInput } from '../../support/accept-input';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
  await prepareDataDir(dir);
});
afterEach(() => removeDir(dir));

const open = (readOnly = false): Promise<JournalStore> => JournalStore.open({ dataDir: dir, log: silentLogger, readOnly });

const input = acceptInput;
const event = (i: number, integrationId = 'int_a') => input(recordEvent(`e_${i}`, 'record.new', `r_${i}`), integrationId);

describe('JournalStore', () => {
  it('group-commits concurrent events, each once, in one arrival order, and reopens them', async () => {
    const store = await open();
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.accept(event(i))));
    expect(results.every((r) => r.kind === 'stored')).toBe(true);
    const seqs = results.map((r) => (r.kind === 'stored' ? r.changes.event.seq : 0)).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    await store.close();
    const reopened = await open();
    expect(reopened.state.events.size).toBe(200);
    expect(reopened.state.employees.size).toBe(200);
    await reopened.close();
  });

  it('counts a redelivery as a retry, durably, also across a restart without a clean close', async () => {
    const store = await open();
    await store.accept(event(1));
    expect((await store.accept(event(1))).kind).toBe('retry');
    // a second concurrent delivery of a new id waits for the first and counts as a retry
    const [a, b] = await Promise.all([store.accept(event(2)), store.accept(event(2))]);
    expect([a.kind, b.kind].sort()).toEqual(['retry', 'stored']);
    const crashed = await open(true); // what a restart would read: journal only, no close
    expect(crashed.state.events.size).toBe(2);
    expect(crashed.state.events.get('e_1')?.retries).toBe(1);
    expect(crashed.state.retries).toBe(2);
    await crashed.close();
    await store.close();
  });

  it('announces a durable event (onDurable, with its seq) before applying it, and applies it before any later task', async () => {
    const store = await open();
    const seen: Array<{ seq: number; applied: boolean }> = [];
    let appliedInNextTask: Promise<boolean> | null = null;
    const onDurable = (seq: number): void => {
      seen.push({ seq, applied: store.state.events.has('e_1') });
      appliedInNextTask = new Promise((resolve) => setTimeout(() => resolve(store.state.events.has('e_1')), 0));
    };
    const result = await store.accept({ ...event(1), onDurable });
    expect(seen).toEqual([{ seq: 1, applied: false }]);
    expect(result.kind === 'stored' && result.changes.event.seq).toBe(1);
    expect(store.state.events.has('e_1')).toBe(true);
    // a task queued when the answer goes out (like the next request read from a socket) runs after the apply
    expect(await appliedInNextTask).toBe(true);
    // a redelivery is not announced: it is answered once counted
    expect((await store.accept({ ...event(1), onDurable })).kind).toBe('retry');
    expect(seen).toHaveLength(1);
    await store.close();
  });

  it('writes the events accepted in one turn of the event loop as one batch, the first one included', async () => {
    const store = await open();
    const durable: number[] = [];
    let secondWithFirst: boolean | null = null;
    const first = store.accept({
      ...event(1),
      onDurable: (seq) => {
        durable.push(seq);
        // the batch's events are announced in one synchronous pass: seen here only when they share the write
        queueMicrotask(() => (secondWithFirst = durable.includes(2)));
      },
    });
    const second = store.accept({ ...event(2), onDurable: (seq) => durable.push(seq) });
    await Promise.all([first, second]);
    expect(durable).toEqual([1, 2]);
    expect(secondWithFirst).toBe(true);
    await store.close();
  });

  it('keeps bytes exactly, also when they are not UTF-8', async () => {
    const store = await open();
    const utf8 = Buffer.from(recordEvent('e_u', 'record.new', 'r', { profile: { firstName: 'Zoë', lastName: 'Åström 山田' } }));
    const latin1 = Buffer.concat([Buffer.from('{"eventId":"e_l","eventType":"x","n":"'), Buffer.from([0xe9, 0xff]), Buffer.from('"}')]);
    await store.accept(input(utf8));
    await store.accept(input(latin1));
    const journal = await readFile(dataFiles(dir).journal, 'utf8');
    expect(journal).toContain('"bodyBase64"');
    expect((await store.readEvent(store.state.events.get('e_u')!))?.raw.equals(utf8)).toBe(true);
    expect((await store.readEvent(store.state.events.get('e_l')!))?.raw.equals(latin1)).toBe(true);
    await store.close();
  });

  it('loads the snapshot and replays the journal tail after it', async () => {
    const store = await open();
    for (let i = 0; i < 10; i++) await store.accept(event(i));
    await store.snapshotNow();
    for (let i = 10; i < 15; i++) await store.accept(event(i));
    const reopened = await open(true);
    expect(reopened.state.events.size).toBe(15);
    expect(reopened.state.lastSeq).toBe(15);
    await reopened.close();
    await store.close();
  });

  it('sets a torn last line aside, truncates it and appends after it', async () => {
    const store = await open();
    await store.accept(event(1));
    await store.close();
    await appendFile(dataFiles(dir).journal, '{"seq":2,"eventId":"e_torn","rece');
    const reopened = await open();
    expect(reopened.problems).toEqual([expect.objectContaining({ kind: 'torn-journal' })]);
    expect(await readFile(reopened.problems[0]!.setAsidePath!, 'utf8')).toBe('{"seq":2,"eventId":"e_torn","rece');
    await reopened.accept(event(3));
    await reopened.close();
    const again = await open();
    expect([...again.state.events.keys()]).toEqual(['e_1', 'e_3']);
    expect(again.problems).toEqual([]);
    await again.close();
  });

  it('sets corrupt lines in the middle aside and keeps the readable events', async () => {
    const store = await open();
    await store.accept(event(1));
    await store.close();
    await appendFile(dataFiles(dir).journal, 'garbage \u0000 not json\n');
    await appendFile(
      dataFiles(dir).journal,
      (await readFile(dataFiles(dir).journal, 'utf8')).split('\n')[1]!.replace(/e_1/g, 'e_after').replace('"seq":1', '"seq":2') + '\n',
    );
    const repaired = await open();
    expect(repaired.problems.map((p) => p.kind)).toEqual(['corrupt-journal']);
    expect([...repaired.state.events.keys()]).toEqual(['e_1', 'e_after']);
    expect(await readFile(repaired.problems[0]!.setAsidePath!, 'utf8')).toContain('garbage');
    await repaired.accept(event(2));
    expect((await repaired.readEvent(repaired.state.events.get('e_2')!))?.line.eventId).toBe('e_2');
    await repaired.close();
    const reopened = await open();
    expect(reopened.problems).toEqual([]);
    expect([...reopened.state.events.keys()]).toEqual(['e_1', 'e_after', 'e_2']);
    await reopened.close();
  });

  it('sets aside a line whose body is not JSON or names another eventId than its line, once', async () => {
    const store = await open();
    await store.accept(event(1));
    await store.close();
    await rm(dataFiles(dir).snapshot);
    const line = (await readFile(dataFiles(dir).journal, 'utf8')).split('\n')[1]!;
    const otherId = line.replace('"seq":1', '"seq":2').replace('"eventId":"e_1"', '"eventId":"e_x"'); // the line's, not the body's
    const brokenBody = line
      .replace('"seq":1', '"seq":3')
      .replace(/"eventId":"e_1"/g, '"eventId":"e_y"')
      .replace(/\}$/, ',}');
    await appendFile(dataFiles(dir).journal, `${otherId}\n${brokenBody}\n`);
    const repaired = await open();
    expect(repaired.problems.map((p) => p.kind)).toEqual(['corrupt-journal']);
    expect(await readFile(repaired.problems[0]!.setAsidePath!, 'utf8')).toBe(`${otherId}\n${brokenBody}\n`);
    expect([...repaired.state.events.keys()]).toEqual(['e_1']);
    await repaired.close();
    const reopened = await open();
    expect(reopened.problems).toEqual([]);
    await reopened.close();
  });

  it('gives a line copied twice in the journal once to an export', async () => {
    const store = await open();
    await store.accept(event(1));
    await store.accept(event(2));
    await store.close();
    const line = (await readFile(dataFiles(dir).journal, 'utf8')).split('\n')[1]!;
    await appendFile(dataFiles(dir).journal, `${line}\n`);
    for (const snapshot of [true, false]) {
      if (!snapshot) await rm(dataFiles(dir).snapshot);
      const reopened = await open(true);
      const exported: string[] = [];
      await reopened.forEachEvent((l) => void exported.push(l.eventId));
      expect(exported, snapshot ? 'with a snapshot' : 'replayed').toEqual(['e_1', 'e_2']);
      await reopened.close();
    }
  });

  it('moves a truncated snapshot aside and rebuilds from the journal', async () => {
    const store = await open();
    for (let i = 0; i < 5; i++) await store.accept(event(i));
    await store.close();
    const snapshot = await readFile(dataFiles(dir).snapshot);
    await writeFile(dataFiles(dir).snapshot, snapshot.subarray(0, snapshot.length - 20));
    const reopened = await open();
    expect(reopened.problems).toEqual([expect.objectContaining({ kind: 'corrupt-snapshot' })]);
    expect(reopened.state.events.size).toBe(5);
    expect((await readdir(dir)).some((f) => f.startsWith('state.snapshot.corrupt-'))).toBe(true);
    await reopened.close();
  });

  it('writes a fresh snapshot after recovering from the journal (no snapshot, as after a kill -9; a corrupt one)', async () => {
    const store = await open();
    for (let i = 0; i < 3; i++) await store.accept(event(i));
    await store.close();
    const { snapshot } = dataFiles(dir);
    for (const damage of [() => rm(snapshot), () => writeFile(snapshot, 'garbage')]) {
      await damage();
      const reopened = await open();
      await expect.poll(async () => (await loadSnapshot(snapshot)).ok, { timeout: 10_000 }).toBe(true);
      const loaded = await loadSnapshot(snapshot);
      expect(loaded.ok && loaded.state.events.size).toBe(3);
      await reopened.close();
    }
  });

  it('calls a snapshot with garbage content corrupt, not torn, and names the set-aside file', async () => {
    const store = await open();
    await store.accept(event(1));
    await store.close();
    await writeFile(dataFiles(dir).snapshot, 'garbage, not a snapshot');
    const reopened = await open();
    expect(reopened.problems[0]!.message).toBe(
      `The state snapshot file is corrupt (unreadable content); it was set aside as ${reopened.problems[0]!.setAsidePath} and the state rebuilt from the journal.`,
    );
    expect(reopened.state.events.size).toBe(1);
    await reopened.close();
  });

  it('takes an empty journal (a start that could not write its header line) as a new one, with no problem', async () => {
    await writeFile(dataFiles(dir).journal, '');
    const store = await open();
    expect(store.problems).toEqual([]);
    await store.accept(event(1));
    await store.close();
    expect((await readdir(dir)).filter((name) => name.includes('.corrupt-'))).toEqual([]);
    const reopened = await open();
    expect([...reopened.state.events.keys()]).toEqual(['e_1']);
    await reopened.close();
  });

  it('treats random bytes in place of the journal as corrupt and starts', async () => {
    await writeFile(dataFiles(dir).journal, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)));
    const store = await open();
    expect(store.problems.map((p) => p.kind)).toContain('corrupt-journal');
    expect((await store.accept(event(1))).kind).toBe('stored');
    await store.close();
    const reopened = await open(true);
    expect(reopened.state.events.size).toBe(1);
    await reopened.close(); // an unclosed store leaves its journal FileHandle to the GC (DEP0137)
  });

  it('purges one integration by rewriting the journal; offsets stay valid', async () => {
    const store = await open();
    for (let i = 0; i < 6; i++) await store.accept(event(i, i % 2 ? 'int_b' : 'int_a'));
    await store.accept(event(1, 'int_b')); // a retry line of a purged event
    const result = await store.purge((m) => m.integrationId === 'int_b');
    expect(result).toEqual({ events: 3, employees: 3 });
    expect([...store.state.events.keys()]).toEqual(['e_0', 'e_2', 'e_4']);
    expect((await store.readEvent(store.state.events.get('e_4')!))?.line.eventId).toBe('e_4');
    expect(await readFile(dataFiles(dir).journal, 'utf8')).not.toContain('e_1');
    expect((await store.accept(event(7))).kind).toBe('stored');
    await store.close();
    const reopened = await open();
    expect([...reopened.state.events.keys()]).toEqual(['e_0', 'e_2', 'e_4', 'e_7']);
    await reopened.close();
  });

  it('a journal whose last lines the snapshot covers were zeroed (size kept): reported, and new events go after its lines', async () => {
    // The snapshot must not be trusted (its position is checked against the last non-zero byte, not the
    // file's size), else recovery would keep the zeros below its end and append after them, gluing the first
    // event acknowledged after the restart to them in one unreadable line.
    const first = await open();
    for (const i of [1, 2, 3]) await first.accept(event(i));
    await first.close(); // writes the snapshot at the journal's end
    const journal = dataFiles(dir).journal;
    const bytes = await readFile(journal);
    bytes.fill(0, bytes.lastIndexOf(10, bytes.length - 2) + 1); // e_3's line and its newline become zeros
    await writeFile(journal, bytes);

    const restarted = await open();
    expect(restarted.problems.map((p) => p.kind)).toEqual(['corrupt-journal']); // e_3 is lost, and said so
    expect(restarted.problems[0]!.message).toContain('before the');
    expect(restarted.state.events.has('e_3')).toBe(false);
    expect((await restarted.accept(event(99))).kind).toBe('stored'); // the listener answers 200 here
    await restarted.close();

    const reader = await open(true);
    const exported: string[] = [];
    await reader.forEachEvent((line) => void exported.push(line.eventId));
    await reader.close();
    expect(exported).toEqual(['e_1', 'e_2', 'e_99']);
    await rm(dataFiles(dir).snapshot);
    const replayed = await open();
    expect(replayed.problems).toEqual([]);
    expect([...replayed.state.events.keys()].sort()).toEqual(['e_1', 'e_2', 'e_99']);
    await replayed.close();
  });

  it('a read-only store moves nothing and ignores a torn tail', async () => {
    const store = await open();
    await store.accept(event(1));
    await appendFile(dataFiles(dir).journal, '{"seq":9');
    const reader = await open(true);
    expect(reader.state.events.size).toBe(1);
    expect((await readdir(dir)).some((f) => f.includes('.torn-'))).toBe(false);
    await reader.close();
    await store.close();
  });

  it('writes a due snapshot in a lull of deliveries, or at once when the tail reaches four times the threshold', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    try {
      const store = await JournalStore.open({ dataDir: dir, log: silentLogger, snapshotEveryLines: 5 });
      const snapshotSeq = async (): Promise<number | null> => {
        const loaded = await loadSnapshot(dataFiles(dir).snapshot);
        return loaded.ok ? loaded.header.lastSeq : null;
      };
      for (let i = 0; i < 6; i++) await store.accept(event(i));
      vi.advanceTimersByTime(900); // deliveries stopped 900 ms ago: not yet a lull
      await new Promise((resolve) => setImmediate(resolve));
      expect(await snapshotSeq()).toBeNull();
      vi.advanceTimersByTime(200);
      await expect.poll(snapshotSeq).toBe(6);
      for (let i = 6; i < 26; i++) await store.accept(event(i)); // 20 lines = 4 x 5 (and more than a quarter of the 26 events), without any pause
      await expect.poll(snapshotSeq).toBe(26);
      await store.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
