/**
 * Reading a state snapshot of version 1 (JSON Lines), as data folders written before the snapshot v2 hold
 * it; the next snapshot written is a v2 (snapshot.ts). Lines: a header `{"snapshot":1,"journalId",
 * "journalPosition","lastSeq","retries","createdAt","checksums"}`, then `["e", EventMeta]` in arrival order,
 * `["p", EmployeeSummary]`, `["r", RunSummary]`, and `["end", <count>]`; a file without its end line is
 * truncated, hence corrupt.
 */
import type { EmployeeSummary, RunSummary } from '../../../shared/api/types';
import { State, employeeKey, type EventMeta } from '../state/state';
import { scanTextLines } from './lines';
import type { LoadedSnapshot, SnapshotHeader } from './snapshot';

/** Adds one entry of a snapshot (`e` event, `p` employee, `r` run) to `state`; false for an unknown tag. */
function addEntry(state: State, tag: string, entry: unknown): boolean {
  if (tag === 'e') {
    const meta = entry as EventMeta;
    state.events.append({ ...meta, flags: meta.flags ?? [], retries: meta.retries ?? 0, prevSeq: meta.prevSeq ?? null });
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

/** Loads a v1 snapshot into tables; `ok: false` with a sentence when it is unreadable or truncated. Throws only for an unreadable file. */
export async function loadSnapshotV1(path: string): Promise<LoadedSnapshot> {
  const state = new State();
  let header: SnapshotHeader | null = null;
  let ended = false;
  let count = 0;
  let error: string | null = null;
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
    try {
      if (addEntry(state, tag, entry)) count++;
      else error = `an unknown entry "${String(tag)}"`;
    } catch {
      error = 'unexpected content';
    }
  });
  // The file is written whole and renamed into place: bytes after its last newline are garbage or a cut.
  if (error === null && scan.tail !== null) error = header === null ? 'unreadable content' : 'it is cut short';
  if (error !== null) return { ok: false, error };
  if (header === null) return { ok: false, error: 'an empty file' };
  if (!ended) return { ok: false, error: 'it is cut short' };
  const h: SnapshotHeader = header;
  state.lastSeq = h.lastSeq;
  state.retries = h.retries;
  return { ok: true, header: h, state };
}
