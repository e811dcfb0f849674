/**
 * Writes a small file atomically (temp file in the same folder, fsync, rename), mode 0600 by default: readers
 * see the old or the new content, never half of it (POSIX rename(2) is atomic within one file system). When
 * any step fails (ENOSPC on a full disk), the temp file is removed and the error rethrown: nothing is left behind.
 */
import { open, rename, rm, chmod } from 'node:fs/promises';

/** Replaces `file` with `content`; the file ends with `mode` (default 0o600) whatever the umask. */
export async function writeFileAtomic(file: string, content: string, mode = 0o600): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temp, 'w', mode);
  try {
    try {
      await handle.writeFile(content, 'utf8');
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
