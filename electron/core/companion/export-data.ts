/** The Companion's export (CompanionApi.exportData): events, employees, runs or refused deliveries as NDJSON or CSV, in memory. */
import type { ExportInput, ExportResult } from '../../../shared/api/companion-api';
import { InputError } from '../../../shared/api/reply';
import { writeExport, type ExportFormat, type ExportKind } from '../export/exporters';
import type { RejectedLog } from '../receiver/rejected-log';
import type { JournalStore } from '../store/journal-store';

/** Writes the export `input` asks for into one string. @throws InputError when the request cannot be met (exporters.ts says why). */
export async function exportData({ store, rejected }: { store: JournalStore; rejected: RejectedLog }, input: ExportInput): Promise<ExportResult> {
  const request = { ...input, format: input.format ?? 'ndjson' };
  const parts: string[] = [];
  const rows = await writeExport(
    { store, rejected: rejected.list() },
    {
      kind: request.kind as ExportKind,
      format: request.format as ExportFormat,
      integrationId: request.integrationId,
      includeDeleted: request.includeDeleted,
      eventIds: request.eventIds,
    },
    (chunk) => void parts.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')),
  ).catch((error: Error) => {
    throw new InputError(error.message);
  });
  const csv = request.format === 'csv';
  return {
    filename: `knit-${request.kind}-${new Date().toISOString().slice(0, 10)}.${csv ? 'csv' : 'ndjson'}`,
    mimeType: csv ? 'text/csv' : 'application/x-ndjson',
    content: parts.join(''),
    rows,
  };
}
