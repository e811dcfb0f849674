/**
 * The streamed `export events` (core/export/event-stream.ts) against the export from the opened store
 * (exporters.ts over JournalStore.open read-only), on real folders in a temp dir: the same bytes, the same
 * damage lines and the same unread count, clean and damaged, with a journal tail after the snapshot, without
 * a snapshot and with a damaged one; and the folders it must leave to the store.
 */
import { appendFile, copyFile, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { streamEvents } from '../../../electron/core/export/event-stream';
import { writeExport, type ExportRequest } from '../../../electron/core/export/exporters';
import { silentLogger } from '../../../electron/core/log';
import { dataFiles, prepareDataDir } from '../../../electron/core/store/data-dir';
import { JournalStore } from '../../../electron/core/store/journal-store';
import { acceptInput } from '../../support/accept-input';
import { recordEvent, removeDir, tempDir } from '../../support/core';

let dir: string;
let files: ReturnType<typeof dataFiles>;
beforeEach(async () => {
  dir = await tempDir('knit-event-stream-');
  files = dataFiles(dir);
  await prepareDataDir(dir);
});
afterEach(() => removeDir(dir));

const event = (i: number) =>
  acceptInput(recordEvent(`e_${i}`, 'record.new', `r_${i}`, { profile: { firstName: `Ann ${i}` } }), i % 3 === 0 ? 'int_b' : 'int_a');

/** Stores events `from…to-1` (each id in `retried` delivered twice) in the folder's store, then closes it (a final snapshot). */
async function store(from: number, to: number, { retried = [] as number[], snapshotAfter = null as number | null } = {}): Promise<void> {
  const s = await JournalStore.open({ dataDir: dir, log: silentLogger, snapshotEveryLines: 1_000_000 });
  for (let i = from; i < to; i++) {
    await s.accept(event(i));
    if (retried.includes(i)) await s.accept(event(i));
    if (i + 1 === snapshotAfter) {
      await s.snapshotNow();
      await copyFile(files.snapshot, `${files.snapshot}.kept`);
    }
  }
  await s.close();
  if (snapshotAfter !== null) await copyFile(`${files.snapshot}.kept`, files.snapshot); // the journal now runs past its snapshot
}

interface Exported {
  out: string;
  damage: string[];
  unread: Array<[number, number | null]>;
}

const request = (extra: Partial<ExportRequest>, unread: Exported['unread']): ExportRequest => ({
  kind: 'events',
  format: 'ndjson',
  onUnread: (n, at) => unread.push([n, at]),
  ...extra,
});

/** The streamed export; null when it leaves the folder to the store. */
async function streamed(extra: Partial<ExportRequest> = {}): Promise<Exported | null> {
  const chunks: Buffer[] = [];
  const unread: Exported['unread'] = [];
  const result = await streamEvents(dir, request(extra, unread), (chunk) => void chunks.push(Buffer.from(chunk)));
  if (result === null) {
    expect(chunks).toEqual([]);
    return null;
  }
  return { out: Buffer.concat(chunks).toString('utf8'), damage: result.damage, unread };
}

/** The export from the store opened read-only, as before streaming. */
async function fromStore(extra: Partial<ExportRequest> = {}): Promise<Exported> {
  const chunks: Buffer[] = [];
  const unread: Exported['unread'] = [];
  const s = await JournalStore.open({ dataDir: dir, log: silentLogger, readOnly: true });
  try {
    await writeExport({ store: s, rejected: [] }, request(extra, unread), (chunk) => void chunks.push(Buffer.from(chunk)));
    return { out: Buffer.concat(chunks).toString('utf8'), damage: s.damage.map((d) => d.message), unread };
  } finally {
    await s.close();
  }
}

/** Streams (it must) and checks the result against the store's export; @returns it. */
async function same(extra: Partial<ExportRequest> = {}): Promise<Exported> {
  const s = await streamed(extra);
  expect(s).not.toBeNull();
  expect(s).toEqual(await fromStore(extra));
  return s!;
}

const ids = (e: Exported): string[] =>
  e.out
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { eventId: string }).eventId);

/** A copy of event `eventId`'s journal line with `seq` as its seq. */
async function lineOf(eventId: string, seq: number): Promise<string> {
  const line = (await readFile(files.journal, 'utf8')).split('\n').find((l) => l.includes(`"eventId":"${eventId}"`))!;
  return line.replace(/^\{"seq":\d+,/, `{"seq":${seq},`);
}

describe('export events streamed from the files', () => {
  it('a clean folder: every event once, in arrival order, per integration and per eventId too', async () => {
    await store(0, 300, { retried: [7, 8] });
    const all = await same();
    expect(ids(all)).toEqual(Array.from({ length: 300 }, (_, i) => `e_${i}`));
    expect(all.damage).toEqual([]);
    expect(all.unread).toEqual([]);
    expect(ids(await same({ integrationId: 'int_b' }))).toHaveLength(100);
    expect(ids(await same({ eventIds: ['e_5', 'e_299', 'e_none'] }))).toEqual(['e_5', 'e_299']);
  });

  it('an empty folder and one whose journal holds only its header', async () => {
    await store(0, 0);
    expect((await same()).out).toBe('');
  });

  it('a journal tail after the snapshot, with retries, a re-sent line, a seq out of order, junk and a torn end', async () => {
    await store(0, 150, { snapshotAfter: 100, retried: [20, 120] });
    await appendFile(
      files.journal,
      [
        await lineOf('e_10', 500), // an eventId the snapshot holds: not a second event
        await lineOf('e_130', 501), // an eventId the tail already added
        (await lineOf('e_140', 502)).replaceAll('e_140', 'e_new'), // a new event
        (await lineOf('e_141', 400)).replaceAll('e_141', 'e_old_seq'), // below the last seq applied: skipped
        'not a journal line',
        (await lineOf('e_142', 503)).replaceAll('e_142', 'e_torn').slice(0, 40),
      ].join('\n'),
    );
    const s = await same();
    expect(ids(s)).toEqual([...Array.from({ length: 150 }, (_, i) => `e_${i}`), 'e_new']);
    expect(s.damage).toEqual([expect.stringMatching(/^1 journal line\(s\) after byte [\d,]+ cannot be read/)]);
  });

  it('zeroed bytes under the snapshot and a changed line: the rest, and the unread count with the first offset', async () => {
    await store(0, 200);
    const journal = await readFile(files.journal);
    const at = journal.indexOf('"eventId":"e_50"');
    journal.fill(0, at, at + 30);
    const other = journal.indexOf('"eventId":"e_150"');
    journal.write('"eventId":"e_15X"', other); // the line now names another event
    await writeFile(files.journal, journal);
    const s = await same();
    expect(ids(s)).toHaveLength(198);
    expect(s.unread).toEqual([[2, expect.any(Number)]]);
  });

  it('a journal cut inside its tail: the events past the cut are not stored', async () => {
    await store(0, 120, { snapshotAfter: 100 });
    const journal = await readFile(files.journal);
    await truncate(files.journal, journal.indexOf('"eventId":"e_110"') + 5);
    expect(ids(await same())).toHaveLength(110);
  });

  it('no snapshot, or a damaged one: the whole journal, as a start reads it', async () => {
    await store(0, 100, { retried: [3] });
    const snapshot = await readFile(files.snapshot);
    await rm(files.snapshot);
    expect(ids(await same())).toHaveLength(100);
    snapshot[snapshot.length - 9]! ^= 0xff; // a byte of the last column (runs, employees…)
    await writeFile(files.snapshot, snapshot);
    expect(ids(await same())).toHaveLength(100);
  });

  it('the snapshot of the journal a purge rewrote: the new journal alone', async () => {
    await store(0, 60);
    await copyFile(files.snapshot, `${files.snapshot}.kept`);
    const s = await JournalStore.open({ dataDir: dir, log: silentLogger });
    await s.purge((m) => m.integrationId === 'int_b');
    await s.close();
    await copyFile(`${files.snapshot}.kept`, files.snapshot);
    expect(ids(await same())).toHaveLength(40);
  });

  it('beside a store that keeps receiving and writing snapshots: every event answered before it, each once, no damage', async () => {
    await store(0, 100);
    const live = await JournalStore.open({ dataDir: dir, log: silentLogger, snapshotEveryLines: 40 });
    const positions = new Set<string>(); // the positions the snapshots cover, one per snapshot written
    let next = 100;
    let receiving = true;
    const sending = (async () => {
      while (receiving) await live.accept(event(next++));
    })();
    try {
      for (let round = 0; round < 200 && positions.size < 3; round++) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        const before = next - 1; // accept() resolved for every event below this one
        const s = await streamed();
        positions.add(/"journalPosition":(\d+)/.exec((await readFile(files.snapshot)).toString('latin1', 0, 300))![1]!);
        expect(s?.damage).toEqual([]);
        expect(s?.unread).toEqual([]);
        const got = ids(s!);
        expect(new Set(got).size).toBe(got.length);
        expect(got.slice(0, before)).toEqual(Array.from({ length: before }, (_, i) => `e_${i}`));
      }
    } finally {
      receiving = false;
      await sending;
      await live.close();
    }
    expect(positions.size).toBeGreaterThan(2);
  });

  it('leaves to the store the folders whose report needs the whole snapshot: journal deleted, emptied or cut before it', async () => {
    await store(0, 50);
    const journal = await readFile(files.journal);
    await truncate(files.journal, journal.length - 200);
    expect(await streamed()).toBeNull();
    await writeFile(files.journal, '');
    expect(await streamed()).toBeNull();
    await rm(files.journal);
    expect(await streamed()).toBeNull();
  });
});
