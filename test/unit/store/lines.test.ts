/**
 * scanLines (store/lines.ts) over a real file whose lines cross its 4 MB chunks, one of them longer than a
 * chunk: each line once with its offset, trailing NUL bytes ignored, the torn end returned; with `reuse`, the
 * same lines read through one buffer.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanLines } from '../../../electron/core/store/lines';
import { removeDir, tempDir } from '../../support/core';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('knit-lines-');
});
afterEach(() => removeDir(dir));

const MB = 1024 * 1024;
const lines = [...Array.from({ length: 3000 }, (_, i) => `line ${i} ${'x'.repeat(i * 7)}`), 'y'.repeat(9 * MB), 'short', ''];

async function scan(path: string, reuse: boolean) {
  const seen: Array<[string, number]> = [];
  const buffers = new Set<ArrayBufferLike>();
  const result = await scanLines(
    path,
    0,
    (line, offset) => {
      if (offset < 20 * MB) buffers.add(line.buffer); // the short lines, before the long one
      seen.push([line.toString('latin1'), offset]);
    },
    { reuse },
  );
  return { seen, buffers, result };
}

describe('scanLines', () => {
  it('gives every complete line once with its offset, across chunks, and the torn end; with reuse through one buffer', async () => {
    const path = join(dir, 'journal.jsonl');
    await writeFile(path, Buffer.concat([Buffer.from(`${lines.join('\n')}\ntorn`), Buffer.alloc(1000)]));
    const expected: Array<[string, number]> = [];
    let at = 0;
    for (const line of lines) {
      expected.push([line, at]);
      at += line.length + 1;
    }
    for (const reuse of [false, true]) {
      const { seen, buffers, result } = await scan(path, reuse);
      expect(seen).toEqual(expected);
      expect(result).toEqual({ end: at, tail: Buffer.from('torn') });
      if (reuse) expect(buffers.size).toBe(1);
      else expect(buffers.size).toBeGreaterThan(3);
    }
  });
});
