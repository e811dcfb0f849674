/**
 * The employees export (exporters.ts): each employee's current eventData, ordered by integrationId then
 * recordId. Streams: only the directory's keys are held and sorted, and each line is written once its body is
 * read. Bodies are read with synchronous preads (page-cache reads of a few kilobytes: a thread-pool round trip
 * per employee cost more than the read), a block at a time, the event loop given back between blocks.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { bodyText } from '../receiver/envelope';
import { asRecord, fullName, str } from '../state/apply';
import { decodeLine } from '../store/journal-format';
import type { JournalStore } from '../store/journal-store';
import type { EmployeeSummary } from '../../../shared/api/types';
import { CSV_BOM, csvRow } from './csv';
import type { ExportRequest } from './exporters';
import { LineWriter, type ExportSink } from './line-writer';

/** Employees written between two turns of the event loop. */
const BLOCK = 256;

/** The first element of `value` as a string when it is a non-empty array, else null. */
function firstOf(value: unknown): string | null {
  return Array.isArray(value) ? str(value[0]) : null;
}

/** A CSV column holding `profile[field]` of the record. */
function profileColumn(field: string): [string, (row: EmployeeRow) => unknown] {
  return [field, (r) => asRecord(r.data.profile)[field]];
}

/** The CSV columns of the employees export: [header, value of the record]. */
const EMPLOYEE_COLUMNS: Array<[string, (row: EmployeeRow) => unknown]> = [
  ['integrationId', (r) => r.integrationId],
  ['recordId', (r) => r.recordId],
  ['deleted', (r) => r.deleted],
  ...['id', 'employeeNumber', 'firstName', 'lastName', 'workEmail'].map(profileColumn),
  // Knit carries personal e-mails in contactInfo.personalEmails[] (shared/knit/README.md, emulator/company.ts);
  // profile.personalEmail is only a fallback for payloads that put one there.
  ['personalEmail', (r) => firstOf(asRecord(r.data.contactInfo).personalEmails) ?? asRecord(r.data.profile).personalEmail],
  ...['birthDate', 'startDate', 'terminationDate', 'employmentStatus', 'employmentType', 'maritalStatus', 'gender'].map(profileColumn),
  ['designation', (r) => asRecord(r.data.orgStructure).designation],
  ['department', (r) => asRecord(r.data.orgStructure).department],
  ['managerId', (r) => str(asRecord(asRecord(r.data.orgStructure).manager).id)],
  ['managerName', (r) => fullName(asRecord(asRecord(r.data.orgStructure).manager))],
  ['updatedAt', (r) => r.updatedAt],
  ['deletedAt', (r) => r.deletedAt],
];

interface EmployeeRow {
  integrationId: string;
  recordId: string;
  deleted: boolean;
  updatedAt: string;
  deletedAt: string | null;
  data: Record<string, unknown>;
}

/**
 * Writes the employees `request` selects to `sink`, NDJSON (`{integrationId, recordId, deleted, ...eventData}`)
 * or CSV (EMPLOYEE_COLUMNS). @returns the number of rows.
 */
export async function exportEmployees(store: JournalStore, request: ExportRequest, sink: ExportSink): Promise<number> {
  const { employees } = store.state;
  const keys: string[] = [];
  for (const key of employees.keys()) {
    const e = employees.get(key)!;
    if ((request.includeDeleted || !e.deleted) && (request.integrationId === undefined || e.integrationId === request.integrationId)) keys.push(key);
  }
  // employeeKey is integrationId, NUL, recordId: its order is integrationId's, then recordId's
  keys.sort();
  const out = new LineWriter(sink);
  const journal = openJournal(store.journal.path);
  try {
    if (request.format === 'csv') await out.text(CSV_BOM + csvRow(EMPLOYEE_COLUMNS.map(([header]) => header)));
    for (let at = 0; at < keys.length; at++) {
      const e = employees.get(keys[at]!)!;
      const pending = out.text(employeeLine(e, eventDataOf(store, e, journal), request.format === 'csv'));
      if (pending) await pending;
      if (at % BLOCK === BLOCK - 1) await new Promise((resolve) => setImmediate(resolve));
    }
    await out.flush();
  } finally {
    if (journal !== null) closeSync(journal);
  }
  return keys.length;
}

/** A descriptor of the journal for reading, or null when there is none. */
function openJournal(path: string): number | null {
  try {
    return openSync(path, 'r');
  } catch {
    return null;
  }
}

/** One buffer for every line read (each is decoded to a string before the next read). */
let lineBuffer = Buffer.allocUnsafe(64 * 1024);

/** The eventData of the employee's current version, read from the journal; `{}` when it cannot be read. */
function eventDataOf(store: JournalStore, e: EmployeeSummary, journal: number | null): Record<string, unknown> {
  const meta = store.state.events.get(e.lastEventId);
  if (!meta || journal === null) return {};
  try {
    if (lineBuffer.length < meta.length) lineBuffer = Buffer.allocUnsafe(Math.max(meta.length, lineBuffer.length * 2));
    const read = decodeLine(lineBuffer.subarray(0, readSync(journal, lineBuffer, 0, meta.length, meta.offset)));
    return read?.kind === 'event' ? asRecord(asRecord(JSON.parse(bodyText(read.raw))).eventData) : {};
  } catch {
    return {};
  }
}

/** One line of the export for `e` (with its line end). */
function employeeLine(e: EmployeeSummary, data: Record<string, unknown>, csv: boolean): string {
  const row: EmployeeRow = { integrationId: e.integrationId, recordId: e.recordId, deleted: e.deleted, updatedAt: e.updatedAt, deletedAt: e.deletedAt, data };
  if (csv) return csvRow(EMPLOYEE_COLUMNS.map(([, get]) => get(row)));
  const head = { integrationId: e.integrationId, recordId: e.recordId, deleted: e.deleted };
  try {
    return `${JSON.stringify({ ...head, ...data })}\n`;
  } catch {
    return `${JSON.stringify({ ...head, exportError: 'eventData is nested too deeply to export; see export events' })}\n`;
  }
}
