/**
 * The data folder: where it is (ARCHITECTURE.md "Data folder") and its format version.
 * Default `<per-user app data>/knit-sync-companion`: Linux `$XDG_CONFIG_HOME` or `~/.config`, macOS
 * `~/Library/Application Support`, Windows `%APPDATA%`. `--data DIR` or `KNIT_SYNC_DATA` override it.
 * `format.json` holds `{format}`; `MIGRATIONS[n]` upgrades a folder from format n to n + 1.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { APP_NAME } from '../version';
import { writeFileAtomic } from './atomic-write';

/** The format this build writes. */
export const DATA_FORMAT = 1;

/** The files of a data folder. */
export const dataFiles = (dir: string) => ({
  format: join(dir, 'format.json'),
  lock: join(dir, 'knit-sync.lock'),
  journal: join(dir, 'journal.jsonl'),
  snapshot: join(dir, 'state.snapshot'),
  rejected: join(dir, 'rejected.jsonl'),
  /** Full bodies of deliveries refused for their signature, kept for a check again (receiver/rejected-log.ts). */
  refused: join(dir, 'refused'),
  document: join(dir, 'companion.json'),
  secrets: join(dir, 'secrets.json'),
});

/** The per-user default data folder of this platform. */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), APP_NAME);
}

/** `--data DIR`, else `KNIT_SYNC_DATA`, else the default; always absolute. */
export function resolveDataDir(option?: string): string {
  return resolve(option || process.env.KNIT_SYNC_DATA || defaultDataDir());
}

/** Upgrades a folder of format `n` to `n + 1`; none yet. */
const MIGRATIONS: Record<number, (dir: string) => Promise<void>> = {};

/**
 * Creates the folder if needed (mode 0700) and brings its format to DATA_FORMAT.
 * @throws Error when the folder can be written by other users, was written by a newer version, or a
 * migration is missing.
 */
export async function prepareDataDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await refuseSharedFolder(dir);
  const file = dataFiles(dir).format;
  let format: number | null;
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { format?: unknown };
    format = typeof parsed.format === 'number' ? parsed.format : null;
  } catch {
    format = null;
  }
  if (format === null) {
    await writeFileAtomic(file, `${JSON.stringify({ format: DATA_FORMAT })}\n`);
    return;
  }
  if (format > DATA_FORMAT) throw new Error(`data folder ${dir} has format ${format}, written by a newer knit-sync; this one reads ${DATA_FORMAT}`);
  for (let f = format; f < DATA_FORMAT; f++) {
    const migrate = MIGRATIONS[f];
    if (!migrate) throw new Error(`no migration from data format ${f}`);
    await migrate(dir);
    await writeFileAtomic(file, `${JSON.stringify({ format: f + 1 })}\n`);
  }
}

/**
 * Refuses a folder that other users can write to (group or other write bit, POSIX; not checked on Windows,
 * where modes do not say it): anyone could plant a lock, a journal or a symlink there. Not repaired silently:
 * the user chose that folder, and what others may already have put in it cannot be told apart.
 */
async function refuseSharedFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const { mode } = await stat(dir);
  if ((mode & 0o022) !== 0) {
    throw new Error(
      `data folder ${dir} can be written by other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')}): make it private (chmod 700 ${dir}) or choose another folder`,
    );
  }
}

/**
 * Nothing can be written in the data folder: its disk is full (ENOSPC) or the user's quota is used up (EDQUOT).
 * Thrown by openCompanion (companion.ts) when the folder cannot be prepared, locked or opened; what it created
 * is removed again. A disk that fills while the Companion runs is not this error: the listener answers 503.
 */
export class DiskFullError extends Error {
  constructor(
    readonly dir: string,
    override readonly cause: NodeJS.ErrnoException,
  ) {
    super(`the disk of data folder ${dir} is full (${cause.code} on ${cause.syscall ?? 'write'}): free some space and start again`);
    this.name = 'DiskFullError';
  }
}

/** An ENOSPC or EDQUOT error (write(2), open(2)). */
export function isDiskFull(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}
