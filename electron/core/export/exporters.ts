/**
 * The exports of `knit-sync export` and the CompanionApi's `exportData` (one code path for both), streamed
 * to a sink (stdout, or a string for the UI) in chunks of whole lines (line-writer.ts):
 * - `events`: every accepted event once, in arrival order, each line the body as received, parsed (NDJSON);
 * - `employees` (employees.ts): ordered by integrationId then recordId, `{integrationId, recordId, deleted, ...eventData}`,
 *   deleted ones only with `includeDeleted`; CSV: profile and orgStructure fields as columns, the manager as
 *   id and name;
 * - `runs`: `{syncRunId, syncJobId, integrationId, syncType, status, processed, emitted, consumed,
 *   firstEventAt, lastEventAt, counts}`; CSV allowed (counts as JSON);
 * - `rejected`: `{receivedAt, status, reason, detail, remoteAddress, headers, bodySize, preview}`.
 * CSV exists for employees and runs only (events and rejected are nested documents): ExportFormatError. A CSV
 * starts with the UTF-8 BOM and its cells are neutralized against formulas (csv.ts).
 */
import type { RejectedDelivery, RunSummary } from '../../../shared/api/types';
import { bodyText } from '../receiver/envelope';
import { NO_INTEGRATION } from '../state/state';
import type { JournalEventLine } from '../store/journal-format';
import type { JournalStore } from '../store/journal-store';
import { CSV_BOM, csvRow } from './csv';
import { exportEmployees } from './employees';
import { LineWriter, type ExportSink } from './line-writer';

export type { ExportSink } from './line-writer';

export type ExportKind = 'employees' | 'events' | 'runs' | 'rejected';
export type ExportFormat = 'ndjson' | 'csv';

export interface ExportRequest {
  kind: ExportKind;
  format: ExportFormat;
  integrationId?: string;
  includeDeleted?: boolean;
  /** Only these events (events export). */
  eventIds?: readonly string[];
  /** Events export: told how many stored events could not be read from the journal, and where the first is (bytes). */
  onUnread?: (unread: number, firstOffset: number | null) => void;
}

/** A format that does not exist for the kind (a usage error: exit 2 in the CLI). */
export class ExportFormatError extends Error {
  constructor(kind: ExportKind) {
    super(`${kind} cannot be exported as CSV (nested documents): use --format ndjson`);
    this.name = 'ExportFormatError';
  }
}

/** The data an export reads: the store (state + journal) and the rejected log. */
export interface ExportSource {
  store: JournalStore;
  rejected: readonly RejectedDelivery[];
}

/**
 * Writes the export to `sink`.
 * @returns the number of rows (lines without the CSV header).
 * @throws ExportFormatError for CSV of events or rejected.
 */
export async function writeExport(source: ExportSource, request: ExportRequest, sink: ExportSink): Promise<number> {
  if (request.format === 'csv' && (request.kind === 'events' || request.kind === 'rejected')) throw new ExportFormatError(request.kind);
  switch (request.kind) {
    case 'events':
      return exportEvents(source.store, request, sink);
    case 'employees':
      return exportEmployees(source.store, request, sink);
    case 'runs':
      return exportRuns(source.store, request, sink);
    case 'rejected':
      return exportRejected(source.rejected, sink);
  }
}

/** Every stored event's body, compacted, one per line: copied from the journal's bytes (the scan reads it in large chunks). */
async function exportEvents(store: JournalStore, request: ExportRequest, sink: ExportSink): Promise<number> {
  const out = new EventLines(request, sink);
  const { unread, firstUnreadOffset } = await store.forEachEvent((line, raw) => out.write(line, raw));
  await out.flush();
  if (unread > 0) request.onUnread?.(unread, firstUnreadOffset);
  return out.rows;
}

/**
 * The lines of an events export: each stored event's body, compacted, when the request selects it (its
 * integration, its eventId), gathered into chunks for the sink (LineWriter). Shared by the export from an
 * open store and the streamed one (event-stream.ts).
 */
export class EventLines {
  /** How many events were written. */
  rows = 0;
  private readonly out: LineWriter;
  private readonly only: Set<string> | null;

  constructor(
    private readonly request: ExportRequest,
    sink: ExportSink,
  ) {
    this.out = new LineWriter(sink);
    this.only = request.eventIds ? new Set(request.eventIds) : null;
  }

  /** Adds the event of journal line `line` (its body `raw`) when the request selects it; a promise under backpressure. */
  write(line: JournalEventLine, raw: Buffer): void | Promise<void> {
    if (this.request.integrationId !== undefined && (line.integrationId ?? NO_INTEGRATION) !== this.request.integrationId) return;
    if (this.only && !this.only.has(line.eventId)) return;
    this.rows++;
    return this.out.jsonLine(raw, (body) => compactJson(bodyText(body)));
  }

  /** Hands what is gathered to the sink. */
  flush(): void | Promise<void> {
    return this.out.flush();
  }
}

const RUN_FIELDS = [
  'syncRunId',
  'syncJobId',
  'integrationId',
  'syncType',
  'status',
  'processed',
  'emitted',
  'consumed',
  'firstEventAt',
  'lastEventAt',
  'counts',
] as const;

async function exportRuns(store: JournalStore, request: ExportRequest, sink: ExportSink): Promise<number> {
  const runs = [...store.state.runs.values()]
    .filter((r) => request.integrationId === undefined || r.integrationId === request.integrationId)
    .sort((a, b) => cmp(a.firstEventAt, b.firstEventAt) || cmp(a.syncRunId, b.syncRunId));
  if (request.format === 'csv') await sink(CSV_BOM + csvRow(RUN_FIELDS));
  for (const run of runs) {
    const picked = Object.fromEntries(RUN_FIELDS.map((f) => [f, run[f]])) as Pick<RunSummary, (typeof RUN_FIELDS)[number]>;
    await sink(request.format === 'csv' ? csvRow(RUN_FIELDS.map((f) => picked[f])) : `${JSON.stringify(picked)}\n`);
  }
  return runs.length;
}

async function exportRejected(rejected: readonly RejectedDelivery[], sink: ExportSink): Promise<number> {
  for (const r of rejected) {
    const { receivedAt, status, reason, detail, remoteAddress, headers, bodySize, preview } = r;
    await sink(`${JSON.stringify({ receivedAt, status, reason, detail, remoteAddress, headers, bodySize, preview })}\n`);
  }
  return rejected.length;
}

/**
 * A JSON text on one line without its insignificant whitespace (space, tab, CR, LF between tokens: RFC 8259
 * section 2), every token kept as received: numbers beyond a double's precision, `-0`, duplicate keys and
 * escapes stay exactly as Knit sent them (parsing and re-serializing would round, drop or rewrite them), and no
 * depth is too deep. `text` is a JSON text (the receiver parsed it before storing it).
 */
export function compactJson(text: string): string {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // the escaped character, a quote included
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      out += text.slice(from, i);
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
