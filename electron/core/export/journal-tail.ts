/**
 * The events a start would add from the journal after its snapshot (store/replay.ts's rules), found without
 * building the state, for `export events`: an event line counts when its body is a Knit envelope naming its
 * eventId, its seq is above every seq applied before it, and its eventId is neither in the snapshot nor an
 * earlier line's (a retried delivery is a retry line, never a second event). Only the lines after the
 * snapshot are held (offset, hash, seq and eventId each): what a start replays, never the stored events.
 */
import { IdIndex, hashKey } from '../state/columns/id-index';
import { StringHeap } from '../state/columns/string-heap';
import { decodeLine } from '../store/journal-format';
import { envelopeOf } from '../store/replay';
import { scanLines } from '../store/lines';

/** The tail's events in journal order, and the lines a start could not use. */
export interface TailEvents {
  /** Journal byte offset and eventId hash (hashKey) of each event the tail adds, ascending offsets. */
  offsets: number[];
  hashes: number[];
  /** Lines that are neither an event nor a retry, or an event whose body is not its envelope (replay's `corrupt`). */
  corrupt: number;
}

/** The event lines of the tail above the snapshot's last seq, before the snapshot's eventIds are known. */
interface Candidates {
  offsets: number[];
  hashes: number[];
  seqs: number[];
  ids: StringHeap;
  corrupt: number;
}

/**
 * Reads the journal at `path` from `start` (a line start: the snapshot's position, or the end of the header)
 * and returns the events a start would add to a snapshot whose last seq is `lastSeq`; `known(hashes, ids)`
 * tells which of the given eventIds the snapshot holds (true at their index).
 */
export async function tailEvents(
  path: string,
  start: number,
  lastSeq: number,
  known: (hashes: readonly number[], idAt: (i: number) => string) => boolean[],
): Promise<TailEvents> {
  const c = await candidates(path, start, lastSeq);
  const inSnapshot = known(c.hashes, (i) => c.ids.get(i)!);
  const added: number[] = [];
  const index = new IdIndex((row, key) => c.ids.equals(added[row]!, key));
  let seq = lastSeq;
  for (let i = 0; i < c.offsets.length; i++) {
    const id = c.ids.get(i)!;
    if (inSnapshot[i] || index.find(id) !== -1 || c.seqs[i]! <= seq) continue;
    added.push(i);
    index.add(id);
    seq = c.seqs[i]!;
  }
  return { offsets: added.map((i) => c.offsets[i]!), hashes: added.map((i) => c.hashes[i]!), corrupt: c.corrupt };
}

/** Every usable event line from `start` whose seq is above `lastSeq` (any other is already covered), and the unusable lines. */
async function candidates(path: string, start: number, lastSeq: number): Promise<Candidates> {
  const c: Candidates = { offsets: [], hashes: [], seqs: [], ids: StringHeap.empty(), corrupt: 0 };
  await scanLines(
    path,
    start,
    (bytes, offset) => {
      const decoded = decodeLine(bytes);
      if (decoded?.kind === 'retry') return;
      if (decoded === null || envelopeOf(decoded) === null) {
        c.corrupt++;
        return;
      }
      const { eventId, seq } = decoded.line;
      if (seq <= lastSeq) return;
      c.offsets.push(offset);
      c.hashes.push(hashKey(eventId));
      c.seqs.push(seq);
      c.ids.push(eventId);
    },
    { reuse: true },
  ).catch((error) => {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  });
  return c;
}
