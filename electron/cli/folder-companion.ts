/**
 * How `sync`, `replay` and `purge` reach the Companion of a data folder (one writer per folder, ARCHITECTURE.md):
 * through the process that holds the folder (its control endpoint, named in the lock file), else by opening
 * the folder for this one call (no listener, no tunnel) and closing it again.
 */
import type { CompanionService } from '../core/companion';
import { openCompanion } from '../core/companion';
import { ApiError } from '../../shared/api/reply';
import { createLogger } from '../core/log';
import { createHeadlessSecretStore } from '../core/secrets/headless-secret-store';
import { FolderLockedError, readLock } from '../core/store/lock';
import { checkHolder } from '../core/store/lock-holder';
import { callControl } from './control-client';
import { CliError, usageError } from './errors';

/**
 * Runs `control.method` with `control.input` on the running holder of `dataDir`, or `alone(companion)` on the
 * folder opened for `command` (the name its lock file shows while open).
 * @returns the method's result.
 * @throws CliError: exit 2 for input the Companion refused (invalid_input, or a 400 from the holder), else exit 1.
 */
export async function onFolderCompanion(
  dataDir: string,
  command: string,
  control: { method: string; input: unknown },
  alone: (companion: CompanionService) => Promise<unknown>,
): Promise<unknown> {
  const holder = await readLock(dataDir);
  if (holder) {
    // a live pid is not proof: the call goes through only to the process that shows it holds this folder
    const check = await checkHolder(dataDir, holder);
    if (check.kind === 'holder') return callControl(holder, control.method, control.input);
    if (check.kind === 'unknown') throw new CliError(new FolderLockedError(dataDir, holder, check.why).message);
    // not the holder: the folder is opened below, whose lock takes the stale one over and says so
  }
  const log = createLogger({ dataDir });
  try {
    const companion = await openCompanion({ dataDir, secrets: createHeadlessSecretStore(dataDir), log, listen: false, command });
    try {
      return await alone(companion);
    } finally {
      await companion.close();
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof FolderLockedError) throw new CliError(error.message);
    if (error instanceof ApiError && error.code === 'invalid_input') throw usageError(error.message);
    throw new CliError(error instanceof Error ? error.message : String(error));
  } finally {
    await log.close();
  }
}
