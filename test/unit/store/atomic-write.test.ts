/**
 * writeFileAtomic and the lowdb adapter over it (companion.json), on real files: mode 0600 whatever the
 * umask, no temp file left when a step fails, concurrent writes of one file all land (the last one wins).
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtomicJsonFile, writeFileAtomic } from '../../../electron/core/store/atomic-write';
import { removeDir, tempDir } from '../../support/core';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(() => removeDir(dir));

describe('writeFileAtomic', () => {
  it('replaces a file with mode 0600, and many writes of one file at once all succeed', async () => {
    const file = join(dir, 'doc.json');
    await writeFile(file, 'old', { mode: 0o644 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(file, `v${i}`)));
    expect(await readFile(file, 'utf8')).toMatch(/^v\d+$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['doc.json']);
  });

  it('leaves no temp file when the last step fails', async () => {
    const target = join(dir, 'taken');
    await mkdir(target);
    await writeFile(join(target, 'inside'), 'x');
    await expect(writeFileAtomic(target, 'content')).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect((await readdir(dir)).sort()).toEqual(['taken']);
  });
});

describe('AtomicJsonFile (companion.json)', () => {
  it('reads null for a missing file, writes 0600 JSON, and keeps the last of concurrent writes', async () => {
    const file = join(dir, 'companion.json');
    const db = new Low(new AtomicJsonFile<{ n: number }>(file), { n: 0 });
    await db.read();
    expect(db.data).toEqual({ n: 0 });
    const writes: Array<Promise<void>> = [];
    for (let n = 1; n <= 10; n++) {
      db.data = { n };
      writes.push(db.write());
    }
    await Promise.all(writes);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ n: 10 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['companion.json']);
  });
});
