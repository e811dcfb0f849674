import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/log';
import { RejectedLog } from '../../../electron/core/receiver/rejected-log';
import { removeDir, tempDir } from '../../support/core';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(() => removeDir(dir));

const entry = (i: number) => ({ receivedAt: new Date().toISOString(), status: 401, reason: 'signature_mismatch' as const, detail: `d${i}`, remoteAddress: '127.0.0.1', headers: {}, bodySize: 10, preview: 'x' });

describe('RejectedLog', () => {
  it('keeps the last entries within its cap, on disk too, and survives a restart', async () => {
    const file = join(dir, 'rejected.jsonl');
    const log = new RejectedLog(file, silentLogger, 10);
    for (let i = 1; i <= 35; i++) log.add(entry(i));
    await log.flush();
    expect(log.list().map((e) => e.detail)).toEqual(Array.from({ length: 10 }, (_, i) => `d${26 + i}`));
    expect((await readFile(file, 'utf8')).split('\n').filter(Boolean).length).toBeLessThanOrEqual(20);
    const reloaded = new RejectedLog(file, silentLogger, 10);
    await reloaded.load();
    expect(reloaded.list().map((e) => e.id)).toEqual(Array.from({ length: 10 }, (_, i) => 26 + i));
    expect(reloaded.add(entry(36)).id).toBe(36);
    expect(reloaded.total).toBe(36);
  });
});
