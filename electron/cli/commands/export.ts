/**
 * `knit-sync export <employees|events|runs|rejected> [--data DIR] [--format ndjson|csv] [--integration ID]
 * [--include-deleted]`: to stdout, read-only (reads the snapshot and the journal without the lock, so it works
 * beside a running serve; a torn last line is ignored, nothing is moved). Formats: core/export/exporters.ts.
 * `events` writes every readable event, then, when stored events could not be read (damaged journal, a journal
 * that lost events its snapshot names), one stderr line per kind of damage (count and position) and exit 1;
 * it streams from the files without opening the store (core/export/event-stream.ts) unless the folder's damage
 * needs the whole snapshot to be reported.
 */
import { Argument, Option, type Command } from 'commander';
import { silentLogger } from '../../core/log';
import { streamEvents } from '../../core/export/event-stream';
import { ExportFormatError, writeExport, type ExportFormat, type ExportKind, type ExportRequest, type ExportSink } from '../../core/export/exporters';
import { RejectedLog } from '../../core/receiver/rejected-log';
import { dataFiles } from '../../core/store/data-dir';
import { JournalStore } from '../../core/store/journal-store';
import { EXIT_FAILURE, usageError } from '../errors';
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
    const sink = stdoutSink();
    const damage: string[] = [];
    const request: ExportRequest = {
      kind,
      format: options.format,
      integrationId: options.integration,
      includeDeleted: options.includeDeleted,
      onUnread: (unread, at) =>
        damage.push(
          `${unread.toLocaleString('en-US')} stored event(s) could not be read: their journal lines are damaged (the first at byte ${at?.toLocaleString('en-US') ?? '?'}); run knit-sync fsck`,
        ),
    };
    const streamed = kind === 'events' ? await streamEvents(dataDir, request, (chunk) => sink.write(chunk)) : null;
    if (streamed) damage.unshift(...streamed.damage);
    else await exportFromStore(dataDir, request, damage, (chunk) => sink.write(chunk));
    await sink.end();
    // every readable event was written; each kind of damage is one line, and the exit status says it
    for (const line of damage) process.stderr.write(`knit-sync: ${line}\n`);
    if (damage.length > 0) process.exitCode = EXIT_FAILURE;
  });
}

/**
 * The export from the store opened read-only (the whole state in memory): every kind but events, and events
 * from a folder whose damage report needs the whole snapshot (event-stream.ts). The store's damage lines come
 * before those the export adds to `damage`.
 */
async function exportFromStore(dataDir: string, request: ExportRequest, damage: string[], sink: ExportSink): Promise<void> {
  const store = await JournalStore.open({ dataDir, log: silentLogger, readOnly: true });
  try {
    const rejected = new RejectedLog(dataFiles(dataDir).rejected, silentLogger);
    await rejected.load();
    if (request.kind === 'events') damage.unshift(...store.damage.map((d) => d.message));
    await writeExport({ store, rejected: rejected.list() }, request, sink);
  } finally {
    await store.close();
  }
}
