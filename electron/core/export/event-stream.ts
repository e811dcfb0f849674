/**
 * `export events` from a data folder in memory that does not grow with what is stored: the same events a
 * start of serve would hold (recovery.ts), written in journal order, without opening the store. The
 * snapshot's events are read as a column of journal offsets (snapshot-events.ts), the journal after it as a
 * start replays it (journal-tail.ts), then one pass over the journal writes each line the merged offsets name,
 * when it is still that event's (its eventId's hash) and undamaged; the events whose line is gone or damaged
 * are counted, as JournalStore.forEachEvent counts them. A folder in any other state (journal deleted,
 * emptied, cut before the snapshot's position or replaced beside it, a v1 snapshot) returns null: its damage
 * report needs the snapshot's whole state, so the caller opens the store.
 */
import { stat } from 'node:fs/promises';
import { silentLogger } from '../log';
import { hashKey } from '../state/columns/id-index';
import { JournalFile } from '../store/journal-file';
import { decodeLine } from '../store/journal-format';
import { journalExtent } from '../store/journal-space';
import { scanLines } from '../store/lines';
import { unreadableTailMessage } from '../store/recovery';
import { EventLines, type ExportRequest, type ExportSink } from './exporters';
import { tailEvents, type TailEvents } from './journal-tail';
import { openSnapshotEvents, type SnapshotEvents } from './snapshot-events';

/** Snapshot rows read per window (12 bytes each). */
const WINDOW_ROWS = 64 * 1024;

/** What a streamed export wrote, and the damage a start would report (one sentence each, as JournalStore.damage). */
export interface StreamedEvents {
  rows: number;
  damage: string[];
}

/** Where the events come from: the snapshot's (or none), and the journal lines replayed after `start`. */
interface Plan {
  path: string;
  snapshot: SnapshotEvents | null;
  start: number;
  lastSeq: number;
}

/**
 * Writes every stored event of `dataDir` that `request` selects to `sink` (exporters.ts's events export:
 * same lines, same order), calling `request.onUnread` when stored events could not be read.
 * @returns null, having written nothing, when the folder needs its store opened (see the file's docstring).
 */
export async function streamEvents(dataDir: string, request: ExportRequest, sink: ExportSink): Promise<StreamedEvents | null> {
  const plan = await planOf(dataDir);
  if (plan === null) return null;
  try {
    const { snapshot } = plan;
    const tail = await tailEvents(plan.path, plan.start, plan.lastSeq, (hashes, idAt) =>
      snapshot ? knownIds(snapshot, hashes, idAt) : hashes.map(() => false),
    );
    const out = new EventLines(request, sink);
    const unread = await writeLines(plan.path, new ExpectedRows(snapshot, tail), out);
    await out.flush();
    if (unread.count > 0) request.onUnread?.(unread.count, unread.first);
    return { rows: out.rows, damage: tail.corrupt > 0 ? [unreadableTailMessage(tail.corrupt, plan.start)] : [] };
  } finally {
    plan.snapshot?.close();
  }
}

/** What a read-only start would build on (recovery.ts's coveredState), or null when it would report lost events. */
async function planOf(dataDir: string): Promise<Plan | null> {
  const journal = new JournalFile(dataDir, silentLogger);
  const path = journal.path;
  const size = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  if (size === 0 || !(await journal.readHeader())) return null; // deleted, emptied or headless: nothing to read, maybe lost events to count
  const fresh: Plan = { path, snapshot: null, start: journal.headerBytes, lastSeq: 0 };
  const found = openSnapshotEvents(journal.files.snapshot);
  if (found.kind === 'missing' || found.kind === 'unreadable') return fresh; // a start reads the whole journal
  if (found.kind === 'load') return null;
  const { header } = found.events;
  if (header.journalId === journal.journalId && header.journalPosition <= (await journalExtent(path)).end)
    return { path, snapshot: found.events, start: header.journalPosition, lastSeq: header.lastSeq };
  found.events.close();
  // the snapshot of the journal this one was rewritten from (purge, repair) names events dropped on purpose
  return header.journalId !== journal.journalId && header.journalId === journal.previousJournalId ? fresh : null;
}

/** Which of the tail's eventIds (`hashes`, `idAt`) the snapshot holds: its hash column read in windows, a hit confirmed by its eventId. */
function knownIds(snapshot: SnapshotEvents, hashes: readonly number[], idAt: (i: number) => string): boolean[] {
  const known = hashes.map(() => false);
  if (hashes.length === 0) return known;
  const byHash = new Map<number, number[]>();
  hashes.forEach((hash, i) => {
    const same = byHash.get(hash);
    if (same) same.push(i);
    else byHash.set(hash, [i]);
  });
  const offsets = new Float64Array(WINDOW_ROWS);
  const rowHashes = new Uint32Array(WINDOW_ROWS);
  for (let from = 0; from < snapshot.rows;) {
    const n = snapshot.readRows(from, offsets, rowHashes);
    for (let k = 0; k < n; k++) {
      const hits = byHash.get(rowHashes[k]!);
      if (!hits) continue;
      const id = snapshot.eventIdAt(from + k);
      for (const i of hits) if (idAt(i) === id) known[i] = true;
    }
    from += n;
  }
  return known;
}

/**
 * The stored events' journal offsets in ascending order with their eventId hashes: the snapshot's rows, a
 * window at a time, then the tail's. `offset` is Infinity past the last.
 */
class ExpectedRows {
  offset = Infinity;
  hash = 0;
  private readonly offsets = new Float64Array(WINDOW_ROWS);
  private readonly hashes = new Uint32Array(WINDOW_ROWS);
  private inWindow = 0;
  private at = 0;
  private nextRow = 0;
  private tailAt = 0;

  constructor(
    private readonly snapshot: SnapshotEvents | null,
    private readonly tail: TailEvents,
  ) {
    this.next();
  }

  /** Moves to the next stored event. */
  next(): void {
    if (this.at === this.inWindow && this.snapshot && this.nextRow < this.snapshot.rows) {
      this.inWindow = this.snapshot.readRows(this.nextRow, this.offsets, this.hashes);
      this.nextRow += this.inWindow;
      this.at = 0;
    }
    if (this.at < this.inWindow) {
      this.offset = this.offsets[this.at]!;
      this.hash = this.hashes[this.at++]!;
    } else if (this.tailAt < this.tail.offsets.length) {
      this.offset = this.tail.offsets[this.tailAt]!;
      this.hash = this.tail.hashes[this.tailAt++]!;
    } else {
      this.offset = Infinity;
    }
  }
}

/**
 * One pass over the journal: each line at the offset of the next stored event goes to `out` when it is that
 * event (its eventId's hash) and holds no NUL byte (zeroed damage: a JSON text never holds one).
 * @returns how many stored events had no such line, and the offset of the first.
 */
async function writeLines(path: string, rows: ExpectedRows, out: EventLines): Promise<{ count: number; first: number | null }> {
  const unread = { count: 0, first: null as number | null };
  const miss = (offset: number): void => {
    unread.count++;
    unread.first ??= offset;
  };
  await scanLines(
    path,
    0,
    (bytes, offset) => {
      for (; rows.offset < offset; rows.next()) miss(rows.offset);
      if (rows.offset !== offset) return;
      const { hash } = rows;
      rows.next();
      const decoded = decodeLine(bytes);
      if (decoded?.kind !== 'event' || hashKey(decoded.line.eventId) !== hash || decoded.raw.includes(0)) return miss(offset);
      return out.write(decoded.line, decoded.raw);
    },
    { reuse: true },
  ).catch((error) => {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  });
  for (; rows.offset !== Infinity; rows.next()) miss(rows.offset);
  return unread;
}
