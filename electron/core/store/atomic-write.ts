/**
 * Writes a small file atomically (temp file in the same folder, fsync, rename), mode 0600 by default: readers
 * see the old or the new content, never half of it (POSIX rename(2) is atomic within one file system). When
 * any step fails (ENOSPC on a full disk), the temp file is removed and the error rethrown: nothing is left behind.
 */
import { open, readFile, rename, rm, chmod } from 'node:fs/promises';
import type { Adapter } from 'lowdb';

/** Makes temp names unique within the process (two writes of one file in the same millisecond). */
let tempCounter = 0;

/** Replaces `file` with `content`; the file ends with `mode` (default 0o600) whatever the umask. */
export async function writeFileAtomic(file: string, content: string | Buffer, mode = 0o600): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now()}.${++tempCounter}.tmp`;
  const handle = await open(temp, 'w', mode);
  try {
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temp, mode);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * A lowdb adapter over a JSON file written with writeFileAtomic (mode 0600, fsync, no temp file left on
 * failure); writes run one at a time in call order. Reading a missing file gives null (lowdb's defaults).
 */
export class AtomicJsonFile<T> implements Adapter<T> {
  #queue: Promise<void> = Promise.resolve();
  constructor(
    private readonly file: string,
    private readonly mode = 0o600,
  ) {}

  async read(): Promise<T | null> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  write(data: T): Promise<void> {
    const text = `${JSON.stringify(data, null, 2)}\n`;
    const run = this.#queue.then(() => writeFileAtomic(this.file, text, this.mode));
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
