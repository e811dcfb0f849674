/**
 * The state snapshot (`state.snapshot`): why not lowdb? The state of a big sync (120,000 events, 100,000
 * employees) is ~100 MB of JSON; lowdb writes a document with one `JSON.stringify`, which would block the
 * event loop (and so every webhook's 200) for a second or more, and it never fsyncs. So the snapshot is
 * JSON Lines written in slices of SLICE entries with a `setImmediate` between them (no slice blocks the loop
 * for more than a few ms), to a temp file that is fsynced and renamed over the old one. lowdb keeps the
 * small settings document (settings-document.ts).
 *
 * Lines: a header `{"snapshot":1,"journalId","journalPosition","lastSeq","retries","createdAt"}`, then
 * `["e", EventMeta]` in arrival order, `["p", EmployeeSummary]`, `["r", RunSummary]`, and `["end", <count>]`;
 * a file without its end line is truncated, hence corrupt. The journal tail after `journalPosition` is
 * replayed on load.
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import type { EmployeeSummary, RunSummary } from '../../../shared/api/types';
import { State, employeeKey, type EventMeta } from '../state/state';
import { compactEvent } from '../../../shared/api/compact-summaries';
import type { JournalChecksumRecord } from './journal-checksums';
import { captureEmployees, type CapturedRows } from '../state/employee-section';
import { scanTextLines } from './lines';

const SLICE = 2_000;

export interface SnapshotHeader {
  snapshot: 1;
  journalId: string;
  /** The journal byte offset the snapshot covers: replay starts there. */
  journalPosition: number;
  lastSeq: number;
  retries: number;
  createdAt: string;
  /** The CRC-32 of each chunk of the journal bytes covered (journal-checksums.ts); absent in older snapshots. */
  checksums?: JournalChecksumRecord;
}

/** A consistent capture of the state: arrays of immutable entries, taken synchronously. */
export interface SnapshotCapture {
  header: SnapshotHeader;
  events: EventMeta[];
  /** A copy of the employee table's columns, materialised a slice at a time (employee-section.ts). */
  employees: CapturedRows<EmployeeSummary>;
  runs: RunSummary[];
}

/** Captures `state` as it is now (synchronous; O(n) reference copies, no serialization). */
export function captureState(state: State, journalId: string, journalPosition: number, checksums?: JournalChecksumRecord): SnapshotCapture {
  const events: EventMeta[] = new Array(state.order.length);
  for (let i = 0; i < state.order.length; i++) events[i] = state.events.get(state.order[i] as string) as EventMeta;
  return {
    header: { snapshot: 1, journalId, journalPosition, lastSeq: state.lastSeq, retries: state.retries, createdAt: new Date().toISOString(), checksums },
    events,
    employees: captureEmployees(state.employees),
    runs: Array.from(state.runs.values()),
  };
}

/** Writes a capture to `path` in slices, via `path.tmp`, fsync and rename; the temp file is removed on failure (ENOSPC). */
export async function writeSnapshot(path: string, capture: SnapshotCapture): Promise<void> {
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w', 0o600);
  try {
    try {
      await writeSections(handle, capture);
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

async function writeSections(handle: FileHandle, capture: SnapshotCapture): Promise<void> {
  await handle.write(`${JSON.stringify(capture.header)}\n`);
  let count = 0;
  const sections: Array<[string, CapturedRows<unknown>]> = [
    ['e', capture.events],
    ['p', capture.employees],
    ['r', capture.runs],
  ];
  for (const [tag, entries] of sections) {
    for (let i = 0; i < entries.length; i += SLICE) {
      let chunk = '';
      for (const entry of entries.slice(i, i + SLICE)) chunk += `["${tag}",${JSON.stringify(entry)}]\n`;
      count += Math.min(SLICE, entries.length - i);
      await handle.write(chunk);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  await handle.write(`["end",${count}]\n`);
  await handle.sync();
}

/** Adds one entry of a snapshot (`e` event, `p` employee, `r` run) to `state`; false for an unknown tag. */
function addEntry(state: State, tag: string, entry: unknown): boolean {
  if (tag === 'e') {
    const meta = compactEvent(entry as EventMeta);
    state.events.set(meta.eventId, meta);
    state.order.push(meta.eventId);
    state.seqs.push(meta.seq);
  } else if (tag === 'p') {
    const e = entry as EmployeeSummary;
    state.employees.set(employeeKey(e.integrationId, e.recordId), e);
  } else if (tag === 'r') {
    const r = entry as RunSummary;
    state.runs.set(r.syncRunId, r);
  } else {
    return false;
  }
  return true;
}

export type LoadedSnapshot = { ok: true; header: SnapshotHeader; state: State } | { ok: false; error: string };

/** Loads a snapshot; `ok: false` with a sentence when it is unreadable or truncated. Never throws. */
export async function loadSnapshot(path: string): Promise<LoadedSnapshot> {
  const state = new State();
  let header: SnapshotHeader | null = null;
  let ended = false;
  let count = 0;
  let error: string | null = null;
  try {
    const scan = await scanTextLines(path, (line) => {
      if (error !== null) return;
      if (ended) {
        error = 'data after the end line';
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        error = 'unreadable content';
        return;
      }
      if (header === null) {
        const h = parsed as SnapshotHeader;
        if (h?.snapshot !== 1 || typeof h.journalId !== 'string' || typeof h.journalPosition !== 'number') error = 'no snapshot header';
        else header = h;
        return;
      }
      if (!Array.isArray(parsed)) {
        error = 'unexpected content';
        return;
      }
      const [tag, entry] = parsed as [string, unknown];
      if (tag === 'end') {
        ended = entry === count;
        if (!ended) error = 'a wrong entry count';
        return;
      }
      if (addEntry(state, tag, entry)) count++;
      else error = `an unknown entry "${String(tag)}"`;
    });
    // The file is written whole and renamed into place: bytes after its last newline are garbage or a cut.
    if (error === null && scan.tail !== null) error = header === null ? 'unreadable content' : 'it is cut short';
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  if (error !== null) return { ok: false, error };
  if (header === null) return { ok: false, error: 'an empty file' };
  if (!ended) return { ok: false, error: 'it is cut short' };
  const h: SnapshotHeader = header;
  state.lastSeq = h.lastSeq;
  state.retries = h.retries;
  return { ok: true, header: h, state };
}
