/**
 * A journal that cannot be written (ENOSPC, EIO) through a fault-injecting file handle: the events of the
 * failed batch are not stored or counted, the caller gets StoreWriteError (the listener's 503), the partial
 * write is truncated away, and the next batch works again. Recovery is announced once no write failed for a
 * while, so that the edge of a full disk (small batches fit, large ones fail) does not flap.
 */
import { readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/log';
import { acceptInput } from '../../support/accept-input';
import { dataFiles, prepareDataDir } from '../../../electron/core/store/data-dir';
import { JournalStore, StoreWriteError, type AcceptInput } from '../../../electron/core/store/journal-store';
import { recordEvent, removeDir, tempDir } from '../../support/core';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
  await prepareDataDir(dir);
});
afterEach(() => removeDir(dir));

const input = (i: number): AcceptInput => acceptInput(recordEvent(`e_${i}`, 'record.new', `r_${i}`));

/** Wraps the store's journal handle: while `full` is true, writes put half their bytes then fail with ENOSPC. */
function injectFullDisk(store: JournalStore): { full: boolean } {
  const control = { full: false };
  const internals = store.journal;
  const real = internals.handle as FileHandle;
  internals.handle = new Proxy(real, {
    get(target, prop) {
      if (prop === 'write') {
        return async (data: Buffer, offset: number, length: number, position: number) => {
          if (!control.full) return target.write(data, offset, length, position);
          await target.write(data, offset, Math.floor(length / 2), position);
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        };
      }
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return control;
}

describe('journal write failure', () => {
  it('rejects the batch, stores and counts nothing of it, and recovers when space returns', async () => {
    const store = await JournalStore.open({ dataDir: dir, log: silentLogger, writeRecoveryMs: 0 });
    const states: Array<string | null> = [];
    store.onWriteState = (error) => states.push(error ? ((error as NodeJS.ErrnoException).code ?? 'error') : null);
    await store.accept(input(1));
    const disk = injectFullDisk(store);
    disk.full = true;
    const failed = await Promise.allSettled([store.accept(input(2)), store.accept(input(3))]);
    expect(failed.every((r) => r.status === 'rejected' && r.reason instanceof StoreWriteError)).toBe(true);
    expect(store.state.events.size).toBe(1);
    disk.full = false;
    expect((await store.accept(input(2))).kind).toBe('stored');
    expect(states).toEqual(['ENOSPC', null]);
    await store.close();
    const lines = (await readFile(dataFiles(dir).journal, 'utf8')).split('\n').filter(Boolean);
    expect(lines).toHaveLength(3); // header, e_1, e_2: no half-written line
    const reopened = await JournalStore.open({ dataDir: dir, log: silentLogger });
    expect([...reopened.state.events.keys()]).toEqual(['e_1', 'e_2']);
    expect(reopened.problems).toEqual([]);
    await reopened.close();
  });

  it('announces recovery once writes have worked for writeRecoveryMs, not at each success between failures', async () => {
    const store = await JournalStore.open({ dataDir: dir, log: silentLogger, writeRecoveryMs: 300 });
    const states: Array<string | null> = [];
    store.onWriteState = (error) => states.push(error ? 'failed' : 'works');
    const disk = injectFullDisk(store);
    for (let i = 0; i < 3; i++) {
      disk.full = true;
      await expect(store.accept(input(10 + i))).rejects.toBeInstanceOf(StoreWriteError);
      disk.full = false;
      expect((await store.accept(input(20 + i))).kind).toBe('stored');
    }
    expect(states).toEqual(['failed']);
    await new Promise((resolve) => setTimeout(resolve, 400)); // no batch meanwhile: the timer announces it
    expect(states).toEqual(['failed', 'works']);
    await store.close();
  });
});
