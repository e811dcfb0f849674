/**
 * `knit-sync reverify [--data DIR]`: checks every kept refused delivery again with the current keys (after a
 * key mix-up: the right key saved since); each that now verifies is stored as if it had just arrived
 * (core/companion/reverify.ts). Through the running serve (or demo) that holds the data folder (its control
 * method `reverifyRejected`), else by opening the folder itself without listening.
 * stdout: one JSON line per delivery `{"id","eventId","result":"stored"|"duplicate"|"still_refused"}`, then a
 * summary `{"checked","stored","duplicate","stillRefused","bodiesDropped"}`; stderr says when bodies were
 * dropped for the byte budget. Exit 0, 1 when the check could not run.
 */
import type { Command } from 'commander';
import type { ReverifyResult } from '../../../shared/api/types';
import { onFolderCompanion } from '../folder-companion';
import { dataDirOf, dataOption } from '../options';

export function register(program: Command): void {
  dataOption(
    program
      .command('reverify')
      .description('check the kept refused deliveries again with the current keys; store each that now verifies')
      .addHelpText('after', '\nOne JSON line per delivery (id, eventId, result), then a summary. Exit 0, 1 when the check could not run.'),
  ).action(async (options: { data?: string }) => {
    const dataDir = await dataDirOf(options.data, true);
    const result = (await onFolderCompanion(dataDir, 'knit-sync reverify', { method: 'reverifyRejected', input: undefined }, (companion) =>
      companion.reverifyRejected(),
    )) as ReverifyResult;
    for (const o of result.outcomes) process.stdout.write(`${JSON.stringify({ id: o.id, eventId: o.eventId, result: o.result })}\n`);
    const { checked, stored, duplicate, stillRefused, bodiesDropped } = result;
    process.stdout.write(`${JSON.stringify({ checked, stored, duplicate, stillRefused, bodiesDropped })}\n`);
    if (bodiesDropped > 0) {
      process.stderr.write(
        `knit-sync: ${bodiesDropped} refused deliveries cannot be checked again: their bodies were dropped to stay within the 64 MB kept for refused bodies\n`,
      );
    }
  });
}
