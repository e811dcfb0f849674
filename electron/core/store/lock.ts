/**
 * One writer per data folder (ARCHITECTURE.md "Data folder"): `knit-sync.lock`, mode 0600, created
 * exclusively, holding `{pid, command, control, token, listener?}`. `control` is the loopback address of the holder's
 * control endpoint and `token` the header value it demands (companion/control-server.ts), so that `purge`
 * (and later `sync`, `replay`) can go through a running `serve`; `listener` is the holder's webhook URL once it
 * listens, so that `send` posts to it. A lock whose pid is dead is taken over, and so is one whose live pid does
 * not answer as the holder at its control endpoint (lock-holder.ts: a reused pid, a forged lock).
 */
import { open, readFile, unlink } from 'node:fs/promises';
import type { Logger } from '../log';
import { writeFileAtomic } from './atomic-write';
import { dataFiles } from './data-dir';
import { checkHolder } from './lock-holder';

export interface LockInfo {
  pid: number;
  /** e.g. `knit-sync serve`. */
  command: string;
  /** `http://127.0.0.1:<port>` of the control endpoint, or null when the holder has none. */
  control: string | null;
  token: string | null;
  /** The holder's webhook listener URL (`http://127.0.0.1:<port><path>`) once it listens; absent otherwise. */
  listener?: string;
}

/** Thrown when another live process holds the folder; `message` is the one line to print. */
export class FolderLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockInfo,
    why = '',
  ) {
    super(`data folder ${dir} is in use by process ${holder.pid} (${holder.command})${why ? `, which ${why}` : ''}`);
    this.name = 'FolderLockedError';
  }
}

/** The lock's content when its pid is a live process (not yet proof that it holds the folder: lock-holder.ts), else null. Never throws. */
export async function readLock(dir: string): Promise<LockInfo | null> {
  let info: LockInfo;
  try {
    info = JSON.parse(await readFile(dataFiles(dir).lock, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
  return typeof info.pid === 'number' && isAlive(info.pid) ? info : null;
}

/**
 * Takes the folder's lock for this process.
 * @returns a function that releases it.
 * @throws FolderLockedError when a live process holds it, or its pid is live and did not answer in time.
 */
export async function acquireLock(dir: string, info: Omit<LockInfo, 'pid'>, log?: Logger): Promise<() => Promise<void>> {
  const file = dataFiles(dir).lock;
  const content = `${JSON.stringify({ pid: process.pid, ...info })}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      try {
        await handle.writeFile(content);
        await handle.sync();
      } catch (error) {
        await handle.close();
        await unlink(file).catch(() => {}); // an empty lock (a full disk) would read as stale, but is litter
        throw error;
      }
      await handle.close();
      return async () => {
        await unlink(file).catch(() => {});
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await readLock(dir);
      if (holder && holder.pid !== process.pid) {
        const check = await checkHolder(dir, holder);
        if (check.kind !== 'not-holder') throw new FolderLockedError(dir, holder, check.kind === 'unknown' ? check.why : '');
        log?.warn(`data folder ${dir}: its lock names live process ${holder.pid} (${holder.command}), which ${check.why}: the lock is stale, taken over`);
      }
      await unlink(file).catch(() => {}); // stale (dead pid, not the holder, or unreadable): take it over
    }
  }
  throw new Error(`cannot take the lock of data folder ${dir}`);
}

/**
 * Adds `listener` to the lock this process holds (written to a temp file and renamed over it, mode 0600, so a
 * reader never sees half a file). A no-op when this process does not hold the lock.
 */
export async function setLockListener(dir: string, listener: string): Promise<void> {
  const file = dataFiles(dir).lock;
  const info = await readLock(dir);
  if (!info || info.pid !== process.pid) return;
  await writeFileAtomic(file, `${JSON.stringify({ ...info, listener })}\n`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
