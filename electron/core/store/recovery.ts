/**
 * Recovery at open of the JournalStore: a torn last line is copied aside (`journal.jsonl.torn-<ms>`) and
 * truncated away; corrupt lines are copied aside (`journal.jsonl.corrupt-<ms>`) and the journal rewritten
 * without them; an unreadable snapshot is moved aside and the state rebuilt from the journal; a journal that
 * ends before the position a snapshot covers (cut, or its last lines zeroed), or that was emptied, deleted,
 * zeroed or replaced beside it, is read whole and the events the snapshot names that it lacks are counted as
 * lost (the snapshot is kept as `state.snapshot.stale-<ms>`). Damage inside what the snapshot covers is found
 * later without parsing it (integrity.ts). Zeros past the last line (the preallocated space of a run that did
 * not close) are cut without a report: they were never lines. A read-only store moves nothing.
 */
import { rename, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import type { StoreProblem } from '../../../shared/api/types';
import type { Logger } from '../log';
import { State } from '../state/state';
import type { CoveredRange } from './integrity';
import { fsyncPath, type JournalFile } from './journal-file';
import { headerLine } from './journal-format';
import { checksumRange, JournalChecksums } from './journal-checksums';
import { journalExtent } from './journal-space';
import { replay, rewriteJournal } from './replay';
import { loadSnapshot, type LoadedSnapshot } from './snapshot';

/** What recovery needs of the store: its journal, its options, and where problems go. */
export interface RecoveryHost {
  readonly journal: JournalFile;
  readonly log: Logger;
  readonly readOnly: boolean;
  /** How many problems were reported so far. */
  problemCount(): number;
  problem(kind: StoreProblem['kind'], message: string, setAsidePath: string | null, events?: number): void;
}

/** The recovered state, the snapshot range to check in the background, and the lines the next snapshot must cover. */
export interface Recovered {
  state: State;
  covered: CoveredRange | null;
  linesSinceSnapshot: number;
}

/** Where replay starts and from what state; `stale` is a snapshot whose journal was lost. */
interface Covered {
  state: State;
  start: number;
  sums: JournalChecksums;
  stale: { state: State; why: string; always: boolean } | null;
  range: CoveredRange | null;
}

/** How the journal was found at open when it held nothing readable, for the report of what the snapshot lost. */
type JournalWas = 'deleted' | 'emptied' | 'zeroed' | null;

/** Recovers the state of the journal and snapshot (see the file's docstring); sets the journal's size and checksums. */
export async function recover(host: RecoveryHost): Promise<Recovered> {
  const { log, readOnly, journal } = host;
  const path = journal.path;
  const size = await stat(path).then(
    (s) => s.size,
    () => null,
  );
  const snapshot = await loadSnapshot(journal.files.snapshot).catch((e: Error) => ({ ok: false as const, error: e.message }));
  const opened = await openJournalFile(host, size);
  // where the journal's lines end: trailing zeros are preallocated space, never lines (journal-space.ts)
  const extent = opened.readable ? await journalExtent(path) : { size: 0, end: 0 };
  const covered = await coveredState(host, snapshot, extent.end, size, opened.was);
  let replayed = opened.readable ? await replay(path, covered.state, covered.start, covered.sums) : null;
  if (!readOnly && replayed && replayed.corrupt > 0) {
    await repairJournal(host, `${replayed.corrupt} unreadable journal line(s)`);
    replayed = await replay(path, new State(), journal.headerBytes, new JournalChecksums(journal.headerBytes));
  } else if (!readOnly && replayed?.tail) {
    const aside = `${path}.torn-${Date.now()}`;
    await writeFile(aside, replayed.tail, { mode: 0o600 });
    await truncate(path, replayed.end);
    await fsyncPath(path);
    host.problem(
      'torn-journal',
      `The journal ended with an incomplete line (${replayed.tail.length} bytes, an event that was never answered 200); it was set aside.`,
      aside,
    );
  } else if (!readOnly && replayed && extent.size > replayed.end) {
    await truncate(path, replayed.end); // zeros preallocated by a run that did not close (journal-space.ts)
  } else if (readOnly && replayed && replayed.corrupt > 0) {
    host.problem('corrupt-journal', unreadableTailMessage(replayed.corrupt, covered.start), null, replayed.corrupt);
  }
  const state = replayed?.state ?? new State();
  journal.size = replayed?.end ?? 0;
  journal.checksums = replayed?.sums ?? null;
  if (covered.stale) await reportLost(host, state, covered.stale);
  // The state is ahead of the snapshot by the replayed lines, the snapshot/journal was set aside or repaired,
  // or the snapshot is a v1 (JSON Lines, slow to read): JournalStore.open writes a fresh snapshot in the
  // background, so the next start need not replay or convert again.
  const older = snapshot.ok && snapshot.header.snapshot === 1 ? 1 : 0;
  const linesSinceSnapshot = readOnly ? 0 : Math.max(replayed?.lines ?? 0, host.problemCount() > 0 ? 1 : 0, older);
  log.debug(`store opened: ${state.events.size} events, ${state.employees.size} employees, ${replayed?.lines ?? 0} journal lines replayed`);
  return { state, covered: covered.range, linesSinceSnapshot };
}

/** The problem a read-only open reports for `corrupt` unusable lines after byte `start` (also `export events`'s stderr line). */
export function unreadableTailMessage(corrupt: number, start: number): string {
  return `${corrupt} journal line(s) after byte ${start.toLocaleString('en-US')} cannot be read; the events they held are left out.`;
}

/**
 * Makes the journal readable: creates it when absent or empty (a new header line; `was` says which, for the
 * report), repairs it when its header is unreadable. Not readable when read-only and there is no journal to read.
 */
async function openJournalFile(host: RecoveryHost, size: number | null): Promise<{ readable: boolean; was: JournalWas }> {
  const { journal } = host;
  let was: JournalWas = null;
  if (size === null || size === 0) {
    was = size === null ? 'deleted' : 'emptied';
    if (host.readOnly) return { readable: false, was };
    // absent, or empty: also created so by a start that could not write its header line (a full disk)
    await writeFile(journal.path, headerLine(), { mode: 0o600, flag: size === null ? 'wx' : 'w' }).catch(async (error: unknown) => {
      await unlink(journal.path).catch(() => {});
      throw error;
    });
    await fsyncPath(journal.path);
    await fsyncPath(journal.dataDir);
  }
  if (await journal.readHeader()) return { readable: true, was };
  const { end } = await journalExtent(journal.path);
  if (end === 0) was = 'zeroed';
  if (host.readOnly) return { readable: false, was }; // nothing readable from a journal without a header
  const why =
    end === 0 ? `its ${(size ?? 0).toLocaleString('en-US')} bytes are all zero bytes, so nothing in it can be read` : 'the journal has no valid header line';
  await repairJournal(host, why);
  return { readable: true, was };
}

/**
 * Where replay starts: after the snapshot when it belongs to this journal and the journal reaches its
 * position (its checksums then verified in the background: integrity.ts), else from the first line; a
 * snapshot of a lost journal is kept as `stale`, to count what was lost; a corrupt one is set aside.
 */
async function coveredState(host: RecoveryHost, snapshot: LoadedSnapshot, journalEnd: number, journalSize: number | null, was: JournalWas): Promise<Covered> {
  const { journal } = host;
  const fresh: Covered = { state: new State(), start: journal.headerBytes, sums: new JournalChecksums(journal.headerBytes), stale: null, range: null };
  if (snapshot.ok) {
    const { journalId, journalPosition, checksums } = snapshot.header;
    if (journalId === journal.journalId && journalPosition <= journalEnd) {
      const resumed = JournalChecksums.resume(checksums, journal.headerBytes, journalPosition);
      const range = resumed && checksums ? { record: checksums, position: journalPosition } : null;
      const sums = resumed ?? (await checksumRange(journal.path, journal.headerBytes, journalPosition));
      return { state: snapshot.state, start: journalPosition, sums, stale: null, range };
    }
    if (journalId === journal.journalId) {
      const why = `The journal ends at byte ${journalEnd.toLocaleString('en-US')}, before the ${journalPosition.toLocaleString('en-US')} bytes the state snapshot covers: its last events were cut off or overwritten with zeros`;
      return { ...fresh, stale: { state: snapshot.state, why, always: true } };
    }
    if (journalId !== journal.previousJournalId) {
      const how = was ?? `replaced by another (${(journalSize ?? 0).toLocaleString('en-US')} bytes)`;
      return { ...fresh, stale: { state: snapshot.state, why: `The journal was ${how} since the state snapshot was written`, always: false } };
    }
  } else if (await exists(journal.files.snapshot)) {
    if (host.readOnly) {
      host.log.warn(`the snapshot file is corrupt (${snapshot.error}); reading the whole journal`);
    } else {
      const aside = `${journal.files.snapshot}.corrupt-${Date.now()}`;
      await rename(journal.files.snapshot, aside).catch(() => {});
      host.problem(
        'corrupt-snapshot',
        `The state snapshot file is corrupt (${snapshot.error}); it was set aside as ${aside} and the state rebuilt from the journal.`,
        aside,
      );
    }
  }
  return fresh;
}

/** Reports the events a snapshot names that the rebuilt `state` lacks; the snapshot is set aside (`.stale-<ms>`) as their record. */
async function reportLost(host: RecoveryHost, state: State, stale: NonNullable<Covered['stale']>): Promise<void> {
  let lost = 0;
  for (const id of stale.state.events.keys()) if (!state.events.has(id)) lost++;
  if (lost === 0 && !stale.always) return;
  let aside: string | null = null;
  const snapshotPath = host.journal.files.snapshot;
  if (!host.readOnly) {
    aside = `${snapshotPath}.stale-${Date.now()}`;
    await rename(snapshotPath, aside).catch(() => (aside = null));
  }
  const total = stale.state.events.size;
  const message = `${stale.why}: ${lost.toLocaleString('en-US')} of the ${total.toLocaleString('en-US')} events the state snapshot names are not in the journal and are lost; the state was rebuilt from the ${state.events.size.toLocaleString('en-US')} events it holds${aside ? ` (the snapshot, which lists them, was set aside as ${aside})` : ''}.`;
  host.problem('corrupt-journal', message, aside, lost);
}

/** Rewrites the journal without the unreadable lines (set aside), keeping its header when valid. */
async function repairJournal(host: RecoveryHost, why: string): Promise<void> {
  const aside = `${host.journal.path}.corrupt-${Date.now()}`;
  const { bad, badLines, kept } = await rewriteJournal(host.journal, host.readOnly, (line) => line !== null, aside);
  const setAside =
    bad > 0
      ? `${bad.toLocaleString('en-US')} bytes (${badLines.toLocaleString('en-US')} line(s), each an event or a redelivery count, now lost) were set aside`
      : 'nothing was set aside';
  host.problem(
    'corrupt-journal',
    `The journal had unreadable parts (${why}); ${setAside} and the ${kept.toLocaleString('en-US')} readable line(s) kept.`,
    bad > 0 ? aside : null,
    badLines,
  );
  if (bad === 0) await unlink(aside).catch(() => {});
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
