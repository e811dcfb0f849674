/**
 * `knit-sync purge [--data DIR] (--integration ID | --all) [--older-than DAYS]`: removes stored events (and the
 * employees and runs they built). Through the running serve when one holds the folder (its control endpoint,
 * named in the lock file), else by opening the folder itself. Prints `{"events":N,"employees":M}`.
 */
import type { Command } from 'commander';
import { openCompanion } from '../../core/companion';
import { createLogger } from '../../core/log';
import { createHeadlessSecretStore } from '../../core/secrets/headless-secret-store';
import { FolderLockedError, readLock } from '../../core/store/lock';
import { CliError, usageError } from '../errors';
import { callControl } from '../control-client';
import { dataDirOf, dataOption } from '../options';

interface PurgeOptions {
  data?: string;
  integration?: string;
  all?: boolean;
  olderThan?: string;
}

export function register(program: Command): void {
  dataOption(
    program
      .command('purge')
      .description('delete stored events and employees of one integration or all')
      .option('--integration <id>', 'purge this integration')
      .option('--all', 'purge every integration')
      .option('--older-than <days>', 'only events received more than this many days ago'),
  ).action(async (options: PurgeOptions) => {
    if (Boolean(options.integration) === Boolean(options.all)) throw usageError('give either --integration ID or --all');
    let olderThanDays: number | undefined;
    if (options.olderThan !== undefined) {
      olderThanDays = Number(options.olderThan);
      if (!/^\d+(\.\d+)?$/.test(options.olderThan.trim())) throw usageError(`--older-than must be a number of days, got "${options.olderThan}"`);
    }
    const input = options.all ? { all: true, olderThanDays } : { integrationId: options.integration, olderThanDays };
    const dataDir = await dataDirOf(options.data, true);
    const holder = await readLock(dataDir);
    let result: unknown;
    if (holder) {
      result = await callControl(holder, 'purge', input);
    } else {
      const log = createLogger({ dataDir });
      try {
        const companion = await openCompanion({ dataDir, secrets: createHeadlessSecretStore(dataDir), log, listen: false, command: 'knit-sync purge' });
        try {
          result = await companion.purge(input);
        } finally {
          await companion.close();
        }
      } catch (error) {
        if (error instanceof FolderLockedError) throw new CliError(error.message);
        throw error;
      } finally {
        await log.close();
      }
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  });
}
