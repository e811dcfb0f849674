import { readdir, readFile } from 'node:fs/promises';
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

const entry = (i: number) => ({
  receivedAt: new Date().toISOString(),
  status: 401,
  reason: 'signature_mismatch' as const,
  detail: `d${i}`,
  remoteAddress: '127.0.0.1',
  headers: {},
  bodySize: 10,
  preview: 'x',
});

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

describe('RejectedLog: full bodies of signature refusals', () => {
  const body = (i: number) => Buffer.from(`{"eventId":"e_${i}","syncRunId":"sr_${i}",${'"x":0,'.repeat(15)}"y":1}`); // 132 bytes
  const refusal = (i: number, status = 401) => ({ ...entry(i), status, bodySize: body(i).length });

  it('keeps 401 bodies within the byte budget, the oldest dropped first and marked, and says so after a restart', async () => {
    const file = join(dir, 'rejected.jsonl');
    const bodiesDir = join(dir, 'refused');
    const log = new RejectedLog(file, silentLogger, 10, { bodiesDir, budgetBytes: 300 });
    for (let i = 1; i <= 4; i++) log.add(refusal(i), body(i));
    log.add(refusal(5, 413), body(5)); // a 413 was never read in full: no body is kept
    await log.flush();
    expect(log.list().map((e) => e.fullBody)).toEqual(['dropped', 'dropped', 'kept', 'kept', undefined]);
    expect(log.list().map((e) => e.syncRunId)).toEqual(['sr_1', 'sr_2', 'sr_3', 'sr_4', undefined]);
    expect(log.bodiesDropped).toBe(2);
    expect((await readdir(bodiesDir)).sort()).toEqual(['3.body', '4.body']);
    expect(await log.body(log.list()[2]!)).toEqual(body(3));
    expect(await log.body(log.list()[0]!)).toBeNull();

    const reloaded = new RejectedLog(file, silentLogger, 10, { bodiesDir, budgetBytes: 300 });
    await reloaded.load();
    expect(reloaded.withBodies().map((e) => e.id)).toEqual([3, 4]);
    expect(reloaded.bodiesDropped).toBe(2);
    await reloaded.remove(new Set([3]));
    await reloaded.flush();
    expect(await readdir(bodiesDir)).toEqual(['4.body']);
    await reloaded.clear();
    expect(await readdir(bodiesDir)).toEqual([]);
  });

  it('keeps the body of a signed delivery refused for its content (400): a verified delivery is never lost', async () => {
    const bodiesDir = join(dir, 'refused');
    const log = new RejectedLog(join(dir, 'rejected.jsonl'), silentLogger, 10, { bodiesDir });
    log.add(refusal(1, 400), body(1));
    await log.flush();
    expect(log.list().map((e) => e.fullBody)).toEqual(['kept']);
    expect(await log.body(log.list()[0]!)).toEqual(body(1));
  });
});
