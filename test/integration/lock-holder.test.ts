/**
 * Lock liveness with the real CLI (issue 14): a live pid is not proof that a process holds the folder. A lock
 * copied from another folder's running `serve` (live pid, working control endpoint and token) must not route
 * `purge --all` to that serve, which would purge the other folder and print success; a lock naming a live pid
 * with no control endpoint must not block `serve` for good. Both are taken over as stale, and said so.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataFiles } from '../../electron/core/store/data-dir';
import { ndjson, postSigned, recordEvent, removeDir, runCli, startServe, tempDir, type RunningServe } from '../support/core';

let held: string;
let serve: RunningServe;
const dirs: string[] = [];
beforeAll(async () => {
  held = await tempDir();
  serve = await startServe(['--data', held]);
  expect((await postSigned(serve.url, recordEvent('e_held', 'record.new', 'emp_1'))).status).toBe(200);
});
afterAll(async () => {
  await serve.stop();
  for (const dir of [held, ...dirs]) await removeDir(dir);
});

const freshDir = async (): Promise<string> => {
  const dir = await tempDir();
  dirs.push(dir);
  return dir;
};

describe('a lock naming a live process that does not hold the folder', () => {
  it("purge --all does not go through another folder's serve: it purges its own folder and says the lock was stale", async () => {
    const forged = await freshDir();
    await runCli(['export', 'events', '--data', forged]); // creates the folder's files
    await copyFile(dataFiles(held).lock, dataFiles(forged).lock);
    const purge = await runCli(['purge', '--all', '--data', forged]);
    expect(purge.code).toBe(0);
    expect(JSON.parse(purge.stdout)).toMatchObject({ events: 0 });
    expect(purge.stderr).toContain(
      `its lock names live process ${serve.child.pid} (knit-sync serve), which holds another data folder (${held}): the lock is stale, taken over`,
    );
    expect(ndjson((await runCli(['export', 'events', '--data', held])).stdout)).toHaveLength(1);
  });

  it('purge through the real holder still works', async () => {
    const purge = await runCli(['purge', '--all', '--data', held]);
    expect(purge.code).toBe(0);
    expect(JSON.parse(purge.stdout)).toMatchObject({ events: 1 });
    expect(purge.stderr).not.toContain('stale');
  });

  it('serve starts on a folder whose lock names a live pid without a control endpoint', async () => {
    const dir = await freshDir();
    await runCli(['export', 'events', '--data', dir]);
    await writeFile(dataFiles(dir).lock, JSON.stringify({ pid: 1, command: 'knit-sync serve', control: null, token: null }));
    const second = await startServe(['--data', dir]);
    try {
      expect(second.stderr()).toContain('its lock names live process 1 (knit-sync serve), which names no control endpoint: the lock is stale, taken over');
      expect(JSON.parse(await readFile(dataFiles(dir).lock, 'utf8'))).toMatchObject({ pid: second.child.pid });
    } finally {
      await second.stop();
    }
  });
});
