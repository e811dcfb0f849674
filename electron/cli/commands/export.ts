/**
 * `knit-sync export <employees|events|runs|rejected> [--data DIR] [--format ndjson|csv] [--integration ID]
 * [--include-deleted]`: to stdout, read-only (reads the snapshot and the journal without the lock, so it works
 * beside a running serve; a torn last line is ignored, nothing is moved). Formats: core/export/exporters.ts.
 */
import { Argument, Option, type Command } from 'commander';
import { silentLogger } from '../../core/log';
import { ExportFormatError, writeExport, type ExportFormat, type ExportKind } from '../../core/export/exporters';
import { RejectedLog } from '../../core/receiver/rejected-log';
import { dataFiles } from '../../core/store/data-dir';
import { Store } from '../../core/store/store';
import { usageError } from '../errors';
import { dataDirOf, dataOption, stdoutSink } from '../options';

interface ExportOptions {
  data?: string;
  format: ExportFormat;
  integration?: string;
  includeDeleted?: boolean;
}

export function register(program: Command): void {
  dataOption(
    program
      .command('export')
      .description('write stored data to stdout (NDJSON by default); works beside a running serve')
      .addArgument(new Argument('<kind>', 'what to export').choices(['employees', 'events', 'runs', 'rejected']))
      .addOption(new Option('--format <format>', 'output format (csv: employees and runs only)').choices(['ndjson', 'csv']).default('ndjson'))
      .option('--integration <id>', 'only this integration')
      .option('--include-deleted', 'employees: include deleted ones'),
  ).action(async (kind: ExportKind, options: ExportOptions) => {
    if (options.format === 'csv' && (kind === 'events' || kind === 'rejected')) throw usageError(new ExportFormatError(kind).message);
    const dataDir = await dataDirOf(options.data, true);
    const store = await Store.open({ dataDir, log: silentLogger, readOnly: true });
    try {
      const rejected = new RejectedLog(dataFiles(dataDir).rejected, silentLogger);
      await rejected.load();
      const sink = stdoutSink();
      await writeExport(
        { store, rejected: rejected.list() },
        { kind, format: options.format, integrationId: options.integration, includeDeleted: options.includeDeleted },
        (chunk) => sink.write(chunk),
      );
      await sink.end();
    } finally {
      await store.close();
    }
  });
}
