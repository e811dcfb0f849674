/**
 * The state snapshot (`state.snapshot`), version 2: a column file (state/columns/column-file.ts) whose head is
 * the header below and whose sections are `events` (the event table's columns with its id hashes and search
 * text: state/event-table-bytes.ts), `employees` (employee-section.ts) and `runs` (JSON in the section's
 * meta). Start-up reads each column once, straight into the table's storage: no JSON line per event, nothing
 * re-hashed. Why not lowdb: a state of a million events is hundreds of MB; the file is written in chunks with
 * the event loop free between them (none blocks it for more than a few ms), to a temp file that is fsynced
 * and renamed over the old one. lowdb keeps the small settings document (settings-document.ts). A v1
 * snapshot (JSON Lines, snapshot-v1.ts) still loads and is rewritten as v2 after the start (recovery.ts). The
 * journal tail after `journalPosition` is replayed on load.
 */
import { open, rename, rm } from 'node:fs/promises';
import type { RunSummary } from '../../../shared/api/types';
import {
  isColumnFile,
  openColumnFile,
  writeColumnFile,
  type ColumnEntry,
  type ColumnFileReader,
  type ColumnSection,
  type WrittenColumns,
} from '../state/columns/column-file';
import { FileRegion, releaseSpliced, SharedFile } from '../state/columns/file-region';
import { fileSource } from '../state/columns/column-source';
import { eventSection, eventTableFromSection } from '../state/event-table-bytes';
import { State } from '../state/state';
import { employeeSection, employeeTableFrom } from '../state/employee-section';
import type { JournalChecksumRecord } from './journal-checksums';
import { loadSnapshotV1 } from './snapshot-v1';

export interface SnapshotHeader {
  /** The format: 1 JSON Lines (read only), 2 column file. */
  snapshot: 1 | 2;
  journalId: string;
  /** The journal byte offset the snapshot covers: replay starts there. */
  journalPosition: number;
  lastSeq: number;
  retries: number;
  createdAt: string;
  /** The CRC-32 of each chunk of the journal bytes covered (journal-checksums.ts); absent in older snapshots. */
  checksums?: JournalChecksumRecord;
}

/** A consistent capture of the state, taken synchronously; the employees' bytes are made while writing. */
export interface SnapshotCapture {
  header: SnapshotHeader;
  events: ColumnSection;
  /** A copy of the employee table's columns (they change in place). */
  employees: ColumnSection;
  runs: RunSummary[];
  /** The state captured: once written, its text columns are read from the new file (State.file). */
  state: State;
}

/** Captures `state` as it is now (synchronous: views and a copy of typed arrays, references to summaries; no serialization). */
export function captureState(state: State, journalId: string, journalPosition: number, checksums?: JournalChecksumRecord): SnapshotCapture {
  return {
    header: { snapshot: 2, journalId, journalPosition, lastSeq: state.lastSeq, retries: state.retries, createdAt: new Date().toISOString(), checksums },
    events: eventSection(state.events),
    employees: employeeSection(state.employees),
    runs: Array.from(state.runs.values()),
    state,
  };
}

/**
 * Writes a capture to `path` via `path.tmp`, fsync and rename; the temp file is removed on failure (ENOSPC).
 * Once it is written, the captured tables' file-backed columns are read from it (the file followed through
 * the rename) and their copies in memory freed; the previous snapshot's file closes before the rename (a
 * file held open cannot be replaced on Windows).
 */
export async function writeSnapshot(path: string, capture: SnapshotCapture): Promise<void> {
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w', 0o600).catch((error: Error) => {
    releaseSpliced([capture.events, capture.employees].flatMap((s) => Object.values(s.columns)));
    throw error;
  });
  try {
    const sections = [capture.events, capture.employees, { name: 'runs', meta: capture.runs, columns: {} }];
    let written;
    try {
      written = await writeColumnFile(handle, capture.header, sections);
      await handle.sync();
    } finally {
      await handle.close();
      releaseSpliced(sections.flatMap((s) => Object.values(s.columns)));
    }
    capture.state.file = rebaseOnto(tmp, sections, written);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Hands each file-backed column of `sections` its bytes in the file just written at `path` (see Rebasable); returns that file. */
function rebaseOnto(path: string, sections: readonly ColumnSection[], written: WrittenColumns): SharedFile {
  const file = new SharedFile(path);
  file.retain();
  try {
    for (const section of sections)
      for (const { column, owner, epoch } of section.fileBacked ?? []) {
        const entry = written.get(section.name)?.get(column);
        if (entry) owner.rebase(new FileRegion(file, entry.position, entry.bytes, entry.crc), epoch);
      }
  } finally {
    file.release();
  }
  return file;
}

export type LoadedSnapshot = { ok: true; header: SnapshotHeader; state: State } | { ok: false; error: string };

/** Loads a snapshot (v2, or v1 converted into tables); `ok: false` with a sentence when it is unreadable or truncated. Never throws. */
export async function loadSnapshot(path: string): Promise<LoadedSnapshot> {
  try {
    if (!(await startsAsColumnFile(path))) return await loadSnapshotV1(path);
    const reader = openColumnFile(path);
    let loaded: LoadedSnapshot | null = null;
    try {
      loaded = loadColumns(reader);
      return loaded;
    } finally {
      if (loaded?.ok) reader.close();
      else reader.discard();
    }
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** Whether the file at `path` starts like a column file (its first bytes only). */
async function startsAsColumnFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(16), 0, 16, 0);
    return isColumnFile(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Whether `h` is a v2 snapshot's header (the head of its column file). */
export const isSnapshotHeader = (h: SnapshotHeader | null): h is SnapshotHeader =>
  h?.snapshot === 2 && typeof h.journalId === 'string' && [h.journalPosition, h.lastSeq, h.retries].every((n) => typeof n === 'number');

/** The state of an open v2 snapshot, its columns read into the tables' storage. @throws Error saying what is wrong. */
function loadColumns(reader: ColumnFileReader): LoadedSnapshot {
  const h = reader.head as SnapshotHeader;
  if (!isSnapshotHeader(h)) return { ok: false, error: 'no snapshot header' };
  const section = (name: string): { meta: unknown; columns: Map<string, ColumnEntry> } => {
    const s = reader.sections.get(name);
    if (!s) throw new Error(`it has no ${name} section`);
    return s;
  };
  const events = section('events');
  const employees = section('employees');
  const state = new State(
    eventTableFromSection(events.meta, fileSource(reader, 'events', events.columns)),
    employeeTableFrom(employees.meta, fileSource(reader, 'employees', employees.columns)),
  );
  const runs = section('runs').meta;
  if (!Array.isArray(runs)) throw new Error('its runs section is unreadable');
  for (const r of runs as RunSummary[]) state.runs.set(r.syncRunId, r);
  state.lastSeq = h.lastSeq;
  state.retries = h.retries;
  state.file = reader.file;
  return { ok: true, header: h, state };
}
