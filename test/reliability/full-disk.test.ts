/**
 * A full disk under a running `knit-sync serve` (issue 6): the data folder lives on a 2 MB tmpfs (mounted
 * here when the machine lets root do it; else the fault-injecting file layer fault-fs.mjs makes every write
 * fail with ENOSPC). Once the journal cannot be written the listener answers 503 (so Knit retries), never
 * 200 for an event it did not store, reports the write failure, and when space returns it stores the retried
 * and later events; a restart then finds nothing half-written (no problem reported) and every event once.
 * On a disk already full (tmpfs only: the fallback fails FileHandle writes, not the start's small files),
 * `serve` exits 1 with one sentence naming the folder, leaves no empty file, and starts once space is back;
 * with a few pages free it either starts or exits so, wherever its start runs out of space, and never hangs.
 */
import { execFileSync, spawn } from 'node:child_process';
import { rmSync, statfsSync } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cliEnv, keepAliveAgent, postSigned, profileData, recordEvent, removeDir, runCli, startServe, tempDir } from '../support/core';
import { exportedEventIds, statusOf } from './support';

let root: string;
let data: string;
/** Makes the disk full or gives space back. */
let setFull: (full: boolean) => Promise<void>;
let env: NodeJS.ProcessEnv;
let mounted = false;

/** Mounts a 2 MB tmpfs on `dir`; false when the machine refuses (not root, no CAP_SYS_ADMIN, a sandbox). */
function mountTmpfs(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', dir], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  root = await tempDir('knit-reliability-disk-');
  const mountPoint = join(root, 'mnt');
  await mkdir(mountPoint);
  // RELIABILITY_NO_TMPFS=1 tries the fallback on a machine that could mount
  mounted = !process.env.RELIABILITY_NO_TMPFS && mountTmpfs(mountPoint);
  data = join(mountPoint, 'data');
  const filler = join(mountPoint, 'filler');
  if (mounted) {
    env = cliEnv();
    // leave about 160 KB free: room for the folder's small files and some 100 events
    setFull = async (full) => {
      if (!full) return rm(filler, { force: true });
      const { bavail, bsize } = statfsSync(mountPoint);
      await writeFile(filler, Buffer.alloc(Math.max(0, bavail * bsize - 160 * 1024)));
    };
  } else {
    // the filler is only a flag here: while it exists, fault-fs.mjs fails the child's writes
    env = cliEnv({ NODE_OPTIONS: `--import ${join(import.meta.dirname, 'fault-fs.mjs')}`, KNIT_FAULT_DISK_FULL: filler });
    setFull = (full) => (full ? writeFile(filler, '') : rm(filler, { force: true }));
  }
});
afterAll(async () => {
  if (mounted) execFileSync('umount', ['-l', join(root, 'mnt')]);
  rmSync(join(root, 'mnt'), { recursive: true, force: true });
  await removeDir(root);
});

describe('a full disk', () => {
  it('answers 503 for what it cannot write, 200 only for what it stored, and recovers when space returns', { timeout: 120_000 }, async () => {
    const serve = await startServe(['--data', data, '--ui-port', '0'], env);
    const agent = keepAliveAgent(8);
    const body = (i: number): string => recordEvent(`e_${i}`, 'record.new', `r_${i}`, profileData(`First${i}`, `Last${i}`, { padding: 'p'.repeat(1000) }));
    const statusOfEvent = new Map<number, number>();
    const send = async (ids: number[]): Promise<void> => {
      await Promise.all(ids.map(async (i) => statusOfEvent.set(i, (await postSigned(serve.url, body(i), undefined, {}, agent)).status)));
    };

    await setFull(true);
    let next = 0;
    while (next < 2_000 && [...statusOfEvent.values()].filter((s) => s === 503).length < 24) {
      await send(Array.from({ length: 8 }, () => next++));
    }
    const refused = [...statusOfEvent].filter(([, s]) => s === 503).map(([i]) => `e_${i}`);
    const acked = [...statusOfEvent].filter(([, s]) => s === 200).map(([i]) => `e_${i}`);
    expect(refused.length).toBeGreaterThanOrEqual(24);
    expect(acked.length + refused.length).toBe(statusOfEvent.size);
    expect((await statusOf(data)).problems.map((p) => p.kind)).toContain('write-failed');
    // beside the running serve: what got a 200 is stored, what got a 503 is not
    const storedWhileFull = new Set(await exportedEventIds(data));
    expect(acked.filter((id) => !storedWhileFull.has(id))).toEqual([]);
    expect(refused.filter((id) => storedWhileFull.has(id))).toEqual([]);

    await setFull(false);
    statusOfEvent.clear();
    const retried = refused.map((id) => Number(id.slice(2)));
    await send([...retried, ...Array.from({ length: 50 }, () => next++)]);
    expect([...statusOfEvent.values()].every((s) => s === 200)).toBe(true);
    agent.destroy();
    expect(await serve.stop()).toBe(0);

    const restarted = await startServe(['--data', data, '--ui-port', '0'], env);
    const { problems } = await statusOf(data);
    expect(problems.filter((p) => p.kind !== 'write-failed')).toEqual([]);
    expect(await restarted.stop()).toBe(0);
    const stored = await exportedEventIds(data);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored.sort()).toEqual(Array.from({ length: next }, (_, i) => `e_${i}`).sort());
  });

  it('refuses to start on a disk already full with a sentence naming the folder, and leaves nothing half-written', { timeout: 60_000 }, async (ctx) => {
    if (!mounted) ctx.skip();
    const mountPoint = join(root, 'mnt');
    const fresh = join(mountPoint, 'fresh');
    const { bavail, bsize } = statfsSync(mountPoint);
    await writeFile(join(mountPoint, 'filler'), Buffer.alloc(bavail * bsize));
    try {
      for (const dir of [data, fresh]) {
        const before = await readdir(dir).catch(() => []);
        const run = await runCli(['serve', '--no-tunnel', '--data', dir, '--port', '0', '--ui-port', '0'], env);
        expect(run.code, run.stderr).toBe(1);
        expect(run.stderr).toContain(`knit-sync: the disk of data folder ${dir} is full (ENOSPC`);
        expect(run.stderr).toContain('free some space and start again');
        const after = (await readdir(dir)).filter((name) => name !== 'logs');
        expect(after.sort()).toEqual(before.filter((name) => name !== 'logs').sort());
        for (const name of after) expect((await stat(join(dir, name))).size, name).toBeGreaterThan(0);
      }
    } finally {
      await rm(join(mountPoint, 'filler'), { force: true });
    }
    const restarted = await startServe(['--data', fresh, '--ui-port', '0'], env);
    expect((await statusOf(fresh)).problems).toEqual([]);
    expect(await restarted.stop()).toBe(0);
  });

  it(
    'with a few pages left, a start either works or exits 1 with the sentence: it never hangs and leaves no empty or temp file',
    { timeout: 180_000 },
    async (ctx) => {
      if (!mounted) ctx.skip();
      const mountPoint = join(root, 'mnt');
      const filler = join(mountPoint, 'filler');
      const folders: string[] = [];
      for (let pages = 1; pages <= 12; pages++) {
        await rm(filler, { force: true });
        const { bavail, bsize } = statfsSync(mountPoint);
        await writeFile(filler, Buffer.alloc(Math.max(0, (bavail - pages) * bsize)));
        const dir = join(mountPoint, `fresh-${pages}`);
        folders.push(dir);
        const outcome = await startOrExit(['serve', '--no-tunnel', '--data', dir, '--port', '0', '--ui-port', '0']);
        if (outcome.kind === 'exited') {
          expect(outcome.code, `${pages} pages: ${outcome.stderr}`).toBe(1);
          expect(outcome.stderr, `${pages} pages`).toContain(`the disk of data folder ${dir} is full`);
        } else {
          expect(outcome.kind, `${pages} pages: ${outcome.stderr}`).toBe('listening');
        }
        for (const name of await readdir(dir)) {
          if (name === 'logs') continue;
          expect(name, `${pages} pages`).not.toMatch(/\.tmp$/);
          expect((await stat(join(dir, name))).size, `${pages} pages: ${name}`).toBeGreaterThan(0);
        }
      }
      await rm(filler, { force: true });
      for (const dir of folders) {
        const serve = await startServe(['--no-tunnel', '--data', dir, '--ui-port', '0'], env);
        expect((await statusOf(dir)).problems, dir).toEqual([]);
        expect(await serve.stop()).toBe(0);
      }
    },
  );
});

/**
 * Runs the CLI until it exits or prints `listening` (then stops it with SIGTERM and waits); `hung` when it does
 * neither within 20 s (then kills it).
 */
function startOrExit(args: string[]): Promise<{ kind: 'exited' | 'listening' | 'hung'; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let kind: 'exited' | 'listening' | 'hung' = 'exited';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      if (kind === 'exited' && /^listening /m.test(c)) {
        kind = 'listening';
        child.kill('SIGTERM');
      }
    });
    const timer = setTimeout(() => {
      kind = 'hung';
      child.kill('SIGKILL');
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ kind, code, stderr });
    });
  });
}
