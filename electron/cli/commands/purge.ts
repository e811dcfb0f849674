/**
 * `knit-sync purge [--data DIR] (--integration ID | --all) [--older-than DAYS]`: removes stored events (and the
 * employees and runs they built). Through the running serve when one holds the folder (its control endpoint,
 * named in the lock file), else by opening the folder itself. Prints `{"events":N,"employees":M}`.
 */
import type { Command } from 'commander';
import { usageError } from '../errors';
import { onFolderCompanion } from '../folder-companion';
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
    const result = await onFolderCompanion(dataDir, 'knit-sync purge', { method: 'purge', input }, (companion) => companion.purge(input));
    process.stdout.write(`${JSON.stringify(result)}\n`);
  });
}
