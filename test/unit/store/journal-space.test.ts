/**
 * The journal's preallocated space (electron/core/store/journal-space.ts) on real files: zeros ahead of the
 * lines while a store is open, plain JSON Lines after a clean close, and what a crash leaves (lines, maybe a
 * torn line, then zeros) recovered without losing or inventing anything.
 */
import { open as openFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/log';
import { acceptInput } from '../../support/accept-input';
import { dataFiles, prepareDataDir } from '../../../electron/core/store/data-dir';
import { contentEnd, JournalSpace } from '../../../electron/core/store/journal-space';
import { JournalStore, type AcceptInput } from '../../../electron/core/store/journal-store';
import { profileData, recordEvent, removeDir, tempDir } from '../../support/core';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
  await prepareDataDir(dir);
});
afterEach(() => removeDir(dir));

/** 64 KB: a few dozen of the events below, so that a test crosses several extensions. */
const CHUNK = 64 * 1024;
const openStore = (dataDir = dir): Promise<JournalStore> =>
  JournalStore.open({ dataDir, log: silentLogger, journalChunkBytes: CHUNK, snapshotEveryLines: 1_000_000 });

const event = (i: number): AcceptInput =>
  acceptInput(recordEvent(`e_${i}`, 'record.new', `r_${i}`, profileData(`First${i}`, `Last${i}`, { padding: 'p'.repeat(1500) })));

/**
 * Stores `count` events, waits for zeros past them, and returns the journal's bytes then (what a kill -9
 * leaves: no close, no snapshot) with a fresh data folder to recover them in; the store is closed.
 */
async function crashAfter(count: number): Promise<{ bytes: Buffer; crashed: string }> {
  const store = await openStore();
  const journal = dataFiles(dir).journal;
  await Promise.all(Array.from({ length: count }, (_, i) => store.accept(event(i))));
  await until(async () => (await readFile(journal)).at(-1) === 0);
  const bytes = await readFile(journal);
  await store.close();
  const crashed = join(dir, 'crashed');
  await prepareDataDir(crashed);
  return { bytes, crashed };
}

/** Waits until `check` holds (the extension runs in the background). */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('contentEnd', () => {
  it('is the end of the last non-zero byte', async () => {
    const file = join(dir, 'f');
    const cases: Array<[Buffer, number]> = [
      [Buffer.from('{"a":1}\n'), 8],
      [Buffer.concat([Buffer.from('{"a":1}\n'), Buffer.alloc(200_000)]), 8],
      [Buffer.concat([Buffer.from('ab'), Buffer.alloc(70_000), Buffer.from('c'), Buffer.alloc(3)]), 70_003],
      [Buffer.alloc(100), 0],
      [Buffer.alloc(0), 0],
    ];
    for (const [bytes, end] of cases) {
      await writeFile(file, bytes);
      const handle = await openFile(file, 'r');
      expect(await contentEnd(handle, bytes.length)).toBe(end);
      await handle.close();
    }
  });
});

describe('JournalSpace on a disk short of space', () => {
  it('pads at most one and a half extensions of 1/16 of the free space ahead of the lines, however many follow', async () => {
    const file = join(dir, 'journal');
    await writeFile(file, '');
    const free = 32 * 1024 * 1024; // each extension: 2 MB, a quarter of the 8 MB chunk asked for
    const space = await JournalSpace.open(file, 0, silentLogger, 8 * 1024 * 1024, async () => free);
    let ahead = 0;
    for (let size = 0; size <= 6 * 1024 * 1024; size += 256 * 1024) {
      space.written(size); // a batch of lines went up to here
      space.ensureAhead(size);
      await space.settle();
      ahead = Math.max(ahead, (await stat(file)).size - size);
    }
    await space.close();
    expect(ahead).toBeGreaterThan(0);
    expect(ahead).toBeLessThanOrEqual((free / 16) * 1.5);
  });
});

describe('the journal space', () => {
  it('keeps zeros ahead of the lines while open, across extensions, and is plain JSON Lines after close', async () => {
    const store = await openStore();
    const journal = dataFiles(dir).journal;
    await until(async () => (await stat(journal)).size >= CHUNK);
    for (let i = 0; i < 120; i += 10) await Promise.all(Array.from({ length: 10 }, (_, k) => store.accept(event(i + k))));
    const open = await readFile(journal);
    const end = open.lastIndexOf(10) + 1;
    expect(end).toBeGreaterThan(3 * CHUNK); // the lines went past several chunks
    expect(open.length).toBeGreaterThan(end);
    expect(open.subarray(end).every((b) => b === 0)).toBe(true);

    await store.close();
    const closed = await readFile(journal, 'utf8');
    expect(closed.length).toBe(end);
    const lines = closed.trimEnd().split('\n');
    expect(lines).toHaveLength(121); // the header and 120 events
    expect(lines.every((line) => typeof JSON.parse(line) === 'object')).toBe(true);

    const reopened = await openStore();
    expect(reopened.state.events.size).toBe(120);
    expect(reopened.problems).toEqual([]);
    await reopened.close();
  });

  it('after a crash: the zeros are not a problem, every event is there, the file is cut to its lines', async () => {
    const { bytes, crashed } = await crashAfter(30);
    await writeFile(dataFiles(crashed).journal, bytes);

    const recovered = await openStore(crashed);
    expect(recovered.problems).toEqual([]);
    expect(recovered.state.events.size).toBe(30);
    await recovered.close();
    const text = await readFile(dataFiles(crashed).journal, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.includes('\0')).toBe(false);
  });

  it('after a crash in the middle of a write: the torn line before the zeros is set aside, alone', async () => {
    const { bytes, crashed } = await crashAfter(5);
    const end = bytes.lastIndexOf(10) + 1;
    const torn = '{"seq":6,"eventId":"e_torn","receivedAt":"2026-11-29T2';
    bytes.write(torn, end, 'latin1'); // the start of a batch reached the disk, the rest of the space is zeros
    await writeFile(dataFiles(crashed).journal, bytes);

    const recovered = await openStore(crashed);
    expect(recovered.problems.map((p) => p.kind)).toEqual(['torn-journal']);
    expect(await readFile(recovered.problems[0]!.setAsidePath!, 'utf8')).toBe(torn);
    expect(recovered.state.events.size).toBe(5);
    const kept = await readFile(dataFiles(crashed).journal); // the torn bytes are gone, zeros preallocated again
    expect(kept.subarray(0, end).equals(bytes.subarray(0, end))).toBe(true);
    expect(kept.subarray(end).every((b) => b === 0)).toBe(true);
    // new events go after the kept lines
    await recovered.accept(event(99));
    await recovered.close();
    const reopened = await openStore(crashed);
    expect([...reopened.state.events.keys()].sort()).toEqual(['e_0', 'e_1', 'e_2', 'e_3', 'e_4', 'e_99']);
    await reopened.close();
  });
});
