import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openColumnFile, writeColumnFile, type ColumnSection } from '../../../electron/core/state/columns/column-file';
import { FileRegion, isSpliced, SharedFile } from '../../../electron/core/state/columns/file-region';
import { SearchText } from '../../../electron/core/state/columns/search-text';
import { StringHeap } from '../../../electron/core/state/columns/string-heap';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'file-backed-'))));
afterEach(() => {
  SearchText.scanChunkBytes = 4 * 1024 * 1024;
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `sections` to a new column file and hands each file-backed column its region, as writeSnapshot does. */
async function writeAndRebase(name: string, sections: ColumnSection[]): Promise<string> {
  const path = join(dir, name);
  const handle = await open(path, 'w');
  const written = await writeColumnFile(handle, {}, sections);
  await handle.close();
  const file = new SharedFile(path);
  file.retain();
  for (const s of sections)
    for (const b of s.fileBacked ?? []) {
      const entry = written.get(s.name)!.get(b.column)!;
      b.owner.rebase(new FileRegion(file, entry.position, entry.bytes, entry.crc), b.epoch);
    }
  file.release();
  return path;
}

const heapSection = (heap: StringHeap): ColumnSection => {
  const captured = heap.capture();
  return {
    name: 'h',
    meta: null,
    columns: { data: captured.data, starts: captured.starts, lengths: captured.lengths },
    fileBacked: [{ column: 'data', owner: heap, epoch: captured.epoch }],
  };
};

describe('StringHeap with its bytes in a file', () => {
  it('frees its copy once the snapshot is written, reads rows back from the file, and appends in memory', async () => {
    const h = StringHeap.empty();
    for (let i = 0; i < 5000; i++) h.push(i % 7 === 0 ? null : `employee ${i} ✓`);
    const inMemory = h.byteSize;
    await writeAndRebase('a', [heapSection(h)]);
    expect(h.byteSize).toBe(5000 * 8); // only starts and lengths stay
    expect(inMemory - h.byteSize).toBeGreaterThan(60_000);
    expect([h.get(0), h.get(1), h.get(4999)]).toEqual([null, 'employee 1 ✓', 'employee 4999 ✓']);
    expect(h.equals(3, 'employee 3 ✓')).toBe(true);
    expect(h.equalsBytes(3, Buffer.from('employee 3 ✓'))).toBe(true);
    expect(h.equalsBytes(3, Buffer.from('employee 4 ✓'))).toBe(false);
    h.push('new one');
    h.set(1, 'x'); // fits in place, but the file's bytes are never rewritten
    expect([h.get(5000), h.get(1), h.get(2)]).toEqual(['new one', 'x', 'employee 2 ✓']);
    expect(h.resident().get(2)).toBe('employee 2 ✓');
  });

  it('writes a file-backed capture (file bytes, then memory) that reads back whole, and rebases again', async () => {
    const h = StringHeap.empty();
    for (let i = 0; i < 1000; i++) h.push(`first ${i}`);
    await writeAndRebase('a', [heapSection(h)]);
    for (let i = 0; i < 1000; i++) h.push(`second ${i}`);
    const section = heapSection(h);
    expect(isSpliced(section.columns.data!)).toBe(true);
    const path = await writeAndRebase('b', [section]);
    const reader = openColumnFile(path); // checks every column's CRC-32, the spliced one's included
    const entry = reader.sections.get('h')!.columns.get('data')!;
    const back = reader.region(entry).read(0, entry.bytes).toString();
    reader.close();
    expect(back.startsWith('first 0first 1')).toBe(true);
    expect(back.endsWith('second 998second 999')).toBe(true);
    expect([h.get(999), h.get(1000), h.get(1999)]).toEqual(['first 999', 'second 0', 'second 999']);
    expect(h.byteSize).toBe(2000 * 8);
  });

  it('compacts a file-backed heap past a quarter of garbage, and ignores a region captured before that', async () => {
    const h = StringHeap.empty();
    for (let i = 0; i < 100; i++) h.push(`value ${i}`);
    await writeAndRebase('a', [heapSection(h)]);
    const stale = heapSection(h);
    for (const round of [1, 2]) for (let i = 0; i < 100; i++) h.set(i, `a longer replaced value ${i}${'!'.repeat(round)}`);
    const compacted = h.capture(); // compacts: the base is read back, the layout changes
    expect(compacted.epoch).not.toBe(stale.fileBacked![0]!.epoch);
    await writeAndRebase('stale', [stale]); // its region no longer matches the heap's layout: ignored
    expect(Array.from({ length: 100 }, (_, i) => h.get(i))).toEqual(Array.from({ length: 100 }, (_, i) => `a longer replaced value ${i}!!`));
  });

  it('refuses to read once its file is closed, rather than read another file', async () => {
    const h = StringHeap.empty();
    h.push('abc');
    const path = await writeAndRebase('a', [heapSection(h)]);
    const reader = openColumnFile(path);
    const entry = reader.sections.get('h')!.columns.get('data')!;
    const region = reader.region(entry);
    reader.discard();
    expect(() => region.read(0, 3)).toThrow(/was closed/);
  });
});

describe('SearchText with its text in a file', () => {
  it('finds rows across chunk ends and in the records added after, as before the snapshot', async () => {
    SearchText.scanChunkBytes = 64; // many chunks: matches cross their ends
    const t = new SearchText();
    for (let i = 0; i < 500; i++) t.set(i, [`EMP_${i}`, i % 25 === 0 ? 'Quarter Master' : `Name ${i}`]);
    const rowsOf = (needle: string): number[] => {
      const rows: number[] = [];
      t.find(needle, (r) => rows.push(r));
      return rows;
    };
    const before = [rowsOf('quarter master'), rowsOf('emp_49'), rowsOf('name 3')];
    const bytes = t.toBytes();
    await writeAndRebase('s', [
      { name: 's', meta: null, columns: { data: bytes.data, recordStart: bytes.recordStart }, fileBacked: [{ column: 'data', owner: t, epoch: 0 }] },
    ]);
    expect(t.byteSize).toBeLessThan(500 * 12 + 1); // the text is in the file
    expect([rowsOf('quarter master'), rowsOf('emp_49'), rowsOf('name 3')]).toEqual(before);
    expect(before.map((rows) => rows.length)).toEqual([20, 11, 107]);
    t.set(500, ['EMP_500', 'Quarter Master']);
    t.set(3, ['EMP_3', 'Renamed']);
    expect(rowsOf('quarter master')).toEqual([...before[0]!, 500]);
    expect(rowsOf('renamed')).toEqual([3]);
    expect(rowsOf('name 3')).toEqual(before[2]!.filter((row) => row !== 3));
    const later: number[] = [];
    t.find('quarter', (r) => later.push(r), 450);
    expect(later).toEqual([450, 475, 500]);
  });
});

describe('StringHeap.scanEqual', () => {
  it('finds the rows holding a value, in the file and in memory, a window at a time, and stops when asked', async () => {
    const h = StringHeap.empty();
    for (let i = 0; i < 3000; i++) h.push(i % 3 === 0 ? null : `emp_${i % 100}`);
    await writeAndRebase('a', [heapSection(h)]);
    h.push('emp_7');
    h.set(5, 'emp_7'); // replaced: its bytes are now after the file's, out of row order
    const rows = (from = 0, stopAfter = Infinity): number[] => {
      const found: number[] = [];
      h.scanEqual(
        Buffer.from('emp_7'),
        (row) => row !== 307,
        (row) => found.push(row) < stopAfter,
        from,
      );
      return found;
    };
    const expected = [5, ...Array.from({ length: 30 }, (_, k) => 7 + 100 * k).filter((row) => row % 3 !== 0 && row !== 307), 3000];
    expect(rows()).toEqual(expected);
    expect(rows(1000)).toEqual(expected.filter((row) => row >= 1000));
    expect(rows(0, 2)).toEqual(expected.slice(0, 2));
  });
});
