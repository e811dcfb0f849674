import { mkdtempSync, rmSync } from 'node:fs';
import { open, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NumberColumn, viewAs } from '../../../electron/core/state/columns/number-column';
import { StringHeap } from '../../../electron/core/state/columns/string-heap';
import { Dictionary } from '../../../electron/core/state/columns/dictionary';
import { IdIndex } from '../../../electron/core/state/columns/id-index';
import { SearchText } from '../../../electron/core/state/columns/search-text';
import { isColumnFile, openColumnFile, readColumnFile, writeColumnFile } from '../../../electron/core/state/columns/column-file';
import { inMemory, memory } from '../../support/column-bytes';
import { CodeColumn } from '../../../electron/core/state/columns/code-column';

describe('NumberColumn', () => {
  it('grows past its capacity and keeps every value', () => {
    const c = new NumberColumn(Float64Array, 4);
    for (let i = 0; i < 5000; i++) c.push(i * 1.5);
    expect(c.length).toBe(5000);
    expect(c.get(4999)).toBe(4999 * 1.5);
    expect(c.get(5000)).toBeUndefined();
    c.set(10, -1);
    expect(c.view()[10]).toBe(-1);
    expect(() => c.set(5000, 1)).toThrow(RangeError);
  });
  it('wraps a view without copying and copies on growth', () => {
    const data = Uint32Array.from([1, 2, 3]);
    const c = NumberColumn.wrap(Uint32Array, data);
    c.set(0, 9);
    expect(data[0]).toBe(9);
    c.push(4);
    c.set(1, 7);
    expect(data[1]).toBe(2);
    expect(Array.from(c.view())).toEqual([9, 7, 3, 4]);
  });
  it('reads unaligned bytes by copying them', () => {
    const bytes = new Uint8Array(9);
    bytes.set(new Uint8Array(Float64Array.of(2.5).buffer), 1);
    expect(viewAs(Float64Array, bytes.subarray(1))[0]).toBe(2.5);
    expect(() => viewAs(Float64Array, bytes)).toThrow(RangeError);
  });
});

describe('StringHeap', () => {
  it('stores strings, nulls and multi-byte text, and replaces rows', () => {
    const h = StringHeap.empty();
    const values = ['EMP_1', null, 'Zoë Ångström', '', 'x'.repeat(100_000)];
    values.forEach((v) => h.push(v));
    expect(values.map((_, i) => h.get(i))).toEqual(values);
    expect(h.get(5)).toBeUndefined();
    h.set(0, 'E1');
    h.set(1, 'now set');
    h.set(2, null);
    expect([h.get(0), h.get(1), h.get(2)]).toEqual(['E1', 'now set', null]);
    expect(h.equals(1, 'now set')).toBe(true);
    expect(h.equals(1, 'now')).toBe(false);
  });
  it('round-trips through its compacted bytes, without the replaced values', () => {
    const h = StringHeap.empty();
    for (let i = 0; i < 1000; i++) h.push(`value ${i}`);
    h.set(3, 'a much longer value than before');
    const bytes = h.compacted();
    const back = StringHeap.fromBytes(inMemory(bytes));
    expect(back.get(3)).toBe('a much longer value than before');
    expect(back.get(999)).toBe('value 999');
    expect(bytes.data.byteLength).toBeLessThan(h.byteSize - 8000);
  });
  it('takes storage read in place, with room, and refuses rows past the used bytes', () => {
    const starts = NumberColumn.read(Uint32Array, 2, 8, (b) => b.set(new Uint8Array(Uint32Array.of(0, 3).buffer)));
    const lengths = NumberColumn.of(Uint32Array, [3, 2], 8);
    const data = Buffer.alloc(64);
    data.write('abcde');
    const h = StringHeap.fromColumns(data, 5, starts, lengths);
    expect([h.get(0), h.get(1)]).toEqual(['abc', 'de']);
    h.push('more');
    expect(h.get(2)).toBe('more');
    expect(h.equalsBytes(1, Buffer.from('de'))).toBe(true);
    expect(h.equalsBytes(1, Buffer.from('dx'))).toBe(false);
    expect(() => StringHeap.fromColumns(data, 4, starts, NumberColumn.of(Uint32Array, [3, 2, 4]))).toThrow(RangeError);
    expect(() => StringHeap.fromColumns(data, 4, NumberColumn.of(Uint32Array, [0, 3]), NumberColumn.of(Uint32Array, [3, 2]))).toThrow(/past the data/);
  });
  it('captures its bytes as a view that later sets do not rewrite, and compacts past a quarter of garbage', () => {
    const h = StringHeap.empty();
    for (let i = 0; i < 100; i++) h.push(`value ${i}`);
    const first = h.capture();
    h.set(0, 'v'); // fits in place, but the captured bytes are sealed
    expect(StringHeap.fromBytes(inMemory(first)).get(0)).toBe('value 0');
    expect(h.get(0)).toBe('v');
    expect(h.capture().data.byteLength).toBeGreaterThan(first.data.byteLength); // appended, not compacted yet
    // Each round longer than the one before, so that no value fits in place: 2 × 59 values become garbage.
    for (const round of [1, 2]) for (let i = 1; i < 60; i++) h.set(i, `replaced value number ${i}, round ${round}${'!'.repeat(round * 10)}`);
    const compacted = h.capture();
    const back = StringHeap.fromBytes(inMemory(compacted));
    expect(compacted.data.byteLength).toBe(Array.from({ length: 100 }, (_, i) => Buffer.byteLength(h.get(i)!)).reduce((a, b) => a + b, 0));
    expect(back.get(59)).toBe(`replaced value number 59, round 2${'!'.repeat(20)}`);
    expect(back.get(99)).toBe('value 99');
    h.set(99, 'x');
    expect(StringHeap.fromBytes(inMemory(compacted)).get(99)).toBe('value 99');
  });
  it('refuses columns that point past the data', () => {
    const h = StringHeap.empty();
    h.push('abc');
    const bytes = h.compacted();
    expect(() => StringHeap.fromBytes({ ...bytes, data: memory(bytes.data).subarray(0, 2) })).toThrow(/past the data/);
  });
});

describe('Dictionary', () => {
  it('codes values from 1, null as 0, and finds without adding', () => {
    const d = Dictionary.of(['record.new', 'record.modified']);
    expect(d.code('record.modified')).toBe(2);
    expect(d.code(null)).toBe(0);
    expect(d.find('record.deleted')).toBe(-1);
    expect(d.size).toBe(3);
    expect(d.value(d.code('record.deleted'))).toBe('record.deleted');
    expect(d.list()).toEqual(['record.new', 'record.modified', 'record.deleted']);
  });
});

describe('IdIndex', () => {
  it('finds every key after growing, and misses unknown ones', () => {
    const keys: string[] = [];
    const index = new IdIndex((row, key) => keys[row] === key, 4);
    for (let i = 0; i < 50_000; i++) {
      keys.push(`evt_${i.toString(36)}`);
      expect(index.add(keys[i]!)).toBe(i);
    }
    expect(index.find('evt_0')).toBe(0);
    expect(index.find(`evt_${(49_999).toString(36)}`)).toBe(49_999);
    expect(index.find('evt_missing')).toBe(-1);
    const rebuilt = new IdIndex((row, key) => keys[row] === key);
    for (const h of new Uint32Array(index.hashBytes().slice().buffer)) rebuilt.addHash(h);
    expect(rebuilt.find('evt_1a')).toBe(46);
    const taken = IdIndex.fromHashes(NumberColumn.of(Uint32Array, new Uint32Array(index.hashBytes().slice().buffer)), (row, key) => keys[row] === key);
    expect(taken.find(`evt_${(30_000).toString(36)}`)).toBe(30_000);
    keys.push('evt_new!');
    expect(taken.add('evt_new!')).toBe(50_000);
    expect(taken.find('evt_new!')).toBe(50_000);
  });
});

describe('SearchText', () => {
  const rowsOf = (t: SearchText, needle: string): number[] => {
    const rows: number[] = [];
    t.find(needle, (r) => rows.push(r));
    return rows;
  };
  it('finds case-insensitive substrings within one field, once per row', () => {
    const t = new SearchText();
    t.set(0, ['EMP_1', 'Ada Lovelace', 'ada@example.com']);
    t.set(1, ['EMP_2', null, 'grace@example.com']);
    t.set(2, ['EMP_3', 'Zoë Ångström', null]);
    expect(rowsOf(t, 'ADA')).toEqual([0]);
    expect(rowsOf(t, 'example')).toEqual([0, 1]);
    expect(rowsOf(t, 'ångs')).toEqual([2]);
    expect(rowsOf(t, 'lovelaceada')).toEqual([]);
    expect(rowsOf(t, '')).toEqual([]);
  });
  it('matches a replaced row by its new fields only, and survives its bytes', () => {
    const t = new SearchText();
    t.set(0, ['EMP_1', 'Ada']);
    t.set(1, ['EMP_2', 'Grace']);
    t.set(0, ['EMP_1', 'Augusta']);
    expect(rowsOf(t, 'ada')).toEqual([]);
    expect(rowsOf(t, 'aug')).toEqual([0]);
    const back = SearchText.fromBytes(inMemory(t.toBytes()));
    expect(rowsOf(back, 'emp_')).toEqual([1, 0]);
    expect(() => t.set(5, ['x'])).toThrow(RangeError);
  });
  it('extends a result from a row on, and keeps growing after a copy with room', () => {
    const t = new SearchText();
    for (let i = 0; i < 100; i++) t.set(i, [`EMP_${i}`, i % 10 === 0 ? 'Ten' : null]);
    expect(rowsOf(t, 'ten')).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const later: number[] = [];
    t.find('ten', (r) => later.push(r), 45);
    expect(later).toEqual([50, 60, 70, 80, 90]);
    const back = SearchText.fromBytes(inMemory(t.toBytes()), 10);
    back.set(100, ['EMP_100', 'Tenth']);
    expect(rowsOf(back, 'tenth')).toEqual([100]);
    expect(rowsOf(t, 'tenth')).toEqual([]);
  });
});

describe('column files', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = async (path: string): Promise<void> => {
    const handle = await open(path, 'w');
    await writeColumnFile(handle, { lastSeq: 3 }, [
      { name: 'events', meta: { rows: 3 }, columns: { seq: new Uint8Array(Uint32Array.of(1, 2, 3).buffer), text: new Uint8Array(Buffer.from('abcde')) } },
      { name: 'runs', meta: [{ syncRunId: 'sr_1' }], columns: { at: new Uint8Array(Float64Array.of(1.5).buffer) } },
    ]);
    await handle.close();
  };
  it('reads back the head, the metas and 8-byte aligned columns', async () => {
    dir = mkdtempSync(join(tmpdir(), 'columns-'));
    const path = join(dir, 'file');
    await write(path);
    const file = await readFile(path);
    expect(isColumnFile(file)).toBe(true);
    const read = readColumnFile(file);
    expect(read.head).toEqual({ lastSeq: 3 });
    expect(read.sections.get('runs')?.meta).toEqual([{ syncRunId: 'sr_1' }]);
    expect(Array.from(viewAs(Uint32Array, read.sections.get('events')!.columns.get('seq')!))).toEqual([1, 2, 3]);
    expect(Buffer.from(read.sections.get('events')!.columns.get('text')!).toString()).toBe('abcde');
    expect(read.sections.get('runs')!.columns.get('at')!.byteOffset % 8).toBe(0);
  });
  it('refuses a cut file, a flipped byte and trailing data, each with a reason', async () => {
    dir = mkdtempSync(join(tmpdir(), 'columns-'));
    const path = join(dir, 'file');
    await write(path);
    const file = await readFile(path);
    expect(() => readColumnFile(file.subarray(0, file.length - 8))).toThrow('it is cut short');
    const flipped = Buffer.from(file);
    flipped[flipped.length - 8]! ^= 1;
    expect(() => readColumnFile(flipped)).toThrow('its column runs.at is damaged');
    expect(() => readColumnFile(Buffer.concat([file, Buffer.alloc(8)]))).toThrow('data after its last column');
    expect(() => readColumnFile(Buffer.from('["e",{}]\n'))).toThrow('no column file header');
    expect(isColumnFile(Buffer.from('{"snapshot":1}\n'))).toBe(false);
    const digit = Buffer.from(file.toString('latin1').replace('"lastSeq":3', '"lastSeq":4'), 'latin1');
    expect(() => readColumnFile(digit)).toThrow('its header line is damaged');
  });
  it('opens a file to read one column at a time, checked, and refuses a cut one before reading', async () => {
    dir = mkdtempSync(join(tmpdir(), 'columns-'));
    const path = join(dir, 'file');
    await write(path);
    const reader = openColumnFile(path);
    expect(reader.head).toEqual({ lastSeq: 3 });
    const seq = reader.sections.get('events')!.columns.get('seq')!;
    const into = new Uint8Array(seq.bytes);
    reader.read(seq, into);
    expect(Array.from(new Uint32Array(into.buffer))).toEqual([1, 2, 3]);
    const text = reader.sections.get('events')!.columns.get('text')!;
    const bytes = Buffer.alloc(text.bytes);
    reader.read(text, bytes);
    expect(bytes.toString()).toBe('abcde');
    into[0] = 9;
    const damaged = (await readFile(path)).fill(9, seq.position, seq.position + 1);
    reader.close();
    await writeFile(path, damaged);
    const again = openColumnFile(path);
    expect(() => again.read(seq, new Uint8Array(seq.bytes))).toThrow('its column events.seq is damaged');
    again.close();
    await writeFile(path, damaged.subarray(0, damaged.length - 3));
    expect(() => openColumnFile(path)).toThrow('it is cut short');
  });
});

describe('CodeColumn', () => {
  it('starts at 8 bits and widens to 16 and 32 when a pushed or set code no longer fits, keeping every code', () => {
    const c = new CodeColumn();
    for (let i = 0; i < 256; i++) c.push(i);
    expect(c.bytesPerRow).toBe(1);
    c.push(256);
    expect(c.bytesPerRow).toBe(2);
    c.set(3, 70_000);
    expect(c.bytesPerRow).toBe(4);
    expect([c.get(0), c.get(3), c.get(255), c.get(256), c.length]).toEqual([0, 70_000, 255, 256, 257]);
  });
});
