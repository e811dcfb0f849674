/**
 * The log file (issue 14): mode 0600 (also when an older version left it 0644), rotated by size with at most
 * LOG_FILES_KEPT rotated files beside it, so that a flood of lines cannot fill the disk. Real files.
 */
import { readdir, readFile, stat, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, LOG_FILES_KEPT } from '../../../electron/core/log';
import { removeDir, tempDir } from '../../support/core';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(() => removeDir(dir));

const settle = (ms = 200): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('log file', () => {
  it('is 0600, also when an older version created it 0644', async () => {
    await mkdir(join(dir, 'logs'), { mode: 0o700 });
    await writeFile(join(dir, 'logs', 'knit-sync.log'), 'old line\n', { mode: 0o644 });
    const log = createLogger({ dataDir: dir, stderr: false });
    log.info('hello');
    await log.close();
    expect((await stat(join(dir, 'logs', 'knit-sync.log'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'logs', 'knit-sync.log'), 'utf8')).toMatch(/^old line\n.* info hello\n$/);
  });

  it(`rotates at the size cap and keeps at most ${LOG_FILES_KEPT} rotated files, each 0600`, async () => {
    const log = createLogger({ dataDir: dir, stderr: false, maxFileBytes: 2_000 });
    for (let i = 0; i < 400; i++) {
      log.info(`line ${i} ${'x'.repeat(80)}`);
      if (i % 20 === 19) await settle(20); // rotation runs between writes
    }
    await log.close();
    const files = (await readdir(join(dir, 'logs'))).sort();
    expect(files).toEqual(['knit-sync.log', 'knit-sync.log.1', 'knit-sync.log.2', 'knit-sync.log.3']);
    let total = 0;
    for (const f of files) {
      const s = await stat(join(dir, 'logs', f));
      expect(s.mode & 0o777, f).toBe(0o600);
      expect(s.size, f).toBeLessThan(2_000 + 2 * 120);
      total += s.size;
    }
    expect(total).toBeLessThan(4 * (2_000 + 2 * 120));
    expect(await readFile(join(dir, 'logs', 'knit-sync.log.1'), 'utf8')).toContain('info line');
    expect(await readFile(join(dir, 'logs', 'knit-sync.log'), 'utf8')).toContain('line 399');
  });
});
