/**
 * The wiring of the Companion: opens the data folder (lock, settings document, journal store, rejected log),
 * the control endpoint and the Companion over them, in that order, and undoes what it opened when a step fails.
 */
import { randomBytes } from 'node:crypto';
import { failure } from '../../../shared/api/reply';
import { createLogger } from '../log';
import { RejectedLog } from '../receiver/rejected-log';
import { dataFiles, DiskFullError, isDiskFull, prepareDataDir } from '../store/data-dir';
import { JournalStore } from '../store/journal-store';
import { acquireLock } from '../store/lock';
import { openSettingsDocument } from '../store/settings-document';
import { Companion } from './companion';
import type { CompanionOptions, CompanionService } from './companion-service';
import { startControlServer } from './control-server';

/**
 * Opens the Companion on `options.dataDir`: takes the folder's lock, recovers the store, binds the listener.
 * @throws FolderLockedError when another process holds the folder; DiskFullError when its disk is full; an
 *   Error with code EADDRINUSE when the port is taken (everything opened so far is closed again).
 */
export async function openCompanion(options: CompanionOptions): Promise<CompanionService> {
  const log = options.log ?? createLogger({ dataDir: options.dataDir });
  const ownsLog = !options.log;
  const cleanups: Array<() => Promise<void>> = [];
  const undo = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    await prepareDataDir(options.dataDir);
    let companion: Companion | null = null;
    const token = randomBytes(24).toString('base64url');
    const starting = failure('failed', 'The Companion is still starting: try again in a moment.');
    const control = await startControlServer({
      token,
      dataDir: options.dataDir,
      log,
      call: async (name, input) => (companion ? companion.controlCall(name, input) : starting),
    });
    cleanups.push(() => control.close());
    const release = await acquireLock(options.dataDir, { command: options.command ?? 'knit-sync serve', control: control.url, token }, log);
    cleanups.push(release);
    const { db, problem } = await openSettingsDocument(options.dataDir);
    if (problem) log.warn(problem.message); // like the store's problems: on stderr and in the log, not only in the UI
    const store = await JournalStore.open({
      dataDir: options.dataDir,
      log,
      snapshotEveryLines: options.snapshotEveryLines,
      snapshotIntervalMs: options.snapshotIntervalMs,
    });
    cleanups.push(() => store.close());
    const rejected = new RejectedLog(dataFiles(options.dataDir).rejected, log, undefined, { bodiesDir: dataFiles(options.dataDir).refused });
    await rejected.load();
    companion = new Companion(options, log, db, store, rejected);
    cleanups.push(() => companion!.stopServing()); // a failed start must not leave the listener holding the process
    await companion.start();
    companion.checkIntegrity(); // once listening: it reads what the snapshot covers, in the background
    companion.setClose(async () => {
      await companion!.shutdown();
      await release();
      await control.close();
      if (ownsLog) await log.close();
    });
    return companion.service();
  } catch (error) {
    await undo();
    if (ownsLog) await log.close();
    throw isDiskFull(error) ? new DiskFullError(options.dataDir, error) : error;
  }
}
