/**
 * Reading the journal back into a State (recovery at open, after a purge) and rewriting it without some of its
 * lines (repair, purge): the two whole-journal passes of the JournalStore.
 */
import { open, rename } from 'node:fs/promises';
import type { EventEnvelope } from '../../../shared/knit/events';
import { parseEnvelope } from '../receiver/envelope';
import { applyEvent, applyRetry } from '../state/apply';
import type { State } from '../state/state';
import { fsyncPath, type JournalFile } from './journal-file';
import { decodeLine, headerLine, parseHeader, type JournalLine } from './journal-format';
import type { JournalChecksums } from './journal-checksums';
import { scanLines } from './lines';

export const NEWLINE = Buffer.from('\n');

/** What a replay found: the state, where the lines end, a torn tail, how many lines were unusable / read. */
export interface Replayed {
  state: State;
  end: number;
  tail: Buffer | null;
  corrupt: number;
  lines: number;
  sums: JournalChecksums;
}

/** Replays journal lines from `start` into `state`, feeding their bytes to `sums`; counts the lines it could not use. */
export async function replay(path: string, state: State, start: number, sums: JournalChecksums): Promise<Replayed> {
  let corrupt = 0;
  let lines = 0;
  const scan = await scanLines(path, start, (bytes, offset) => {
    lines++;
    sums.feed(bytes);
    sums.feed(NEWLINE);
    if (!applyLine(state, decodeLine(bytes), offset, bytes.length)) corrupt++;
  }).catch((error) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { end: start, tail: null };
    throw error;
  });
  return { state, end: scan.end, tail: scan.tail, corrupt, lines, sums };
}

/** Applies one decoded journal line; false when it is unusable. */
function applyLine(state: State, decoded: JournalLine | null, offset: number, length: number): boolean {
  if (decoded === null) return false;
  if (decoded.kind === 'retry') {
    applyRetry(state, decoded.line.retryOf);
    return true;
  }
  const { line } = decoded;
  const body = envelopeOf(decoded);
  if (body === null) return false;
  if (state.events.has(line.eventId) || line.seq <= state.lastSeq) return true; // already in the snapshot
  applyEvent(state, {
    seq: line.seq,
    eventId: line.eventId,
    receivedAt: line.receivedAt,
    environment: line.environment,
    integrationId: line.integrationId,
    flags: line.flags,
    body,
    offset,
    length,
  });
  return true;
}

/** The parsed body of an event line: null when it is not a Knit envelope or names another eventId than its line. */
export function envelopeOf(decoded: Extract<JournalLine, { kind: 'event' }>): EventEnvelope | null {
  const envelope = parseEnvelope(decoded.raw);
  return envelope.ok && envelope.event.eventId === decoded.line.eventId ? envelope.event : null;
}

/** Lines written to the temp journal in chunks of about this many bytes. */
const REWRITE_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Rewrites the journal through a temp file, keeping the lines `keep` accepts (null = an unreadable line)
 * under a new header; unreadable lines go to `aside` when given. Renames over the journal and reopens it
 * (for writing when it was open so).
 */
export async function rewriteJournal(
  journal: JournalFile,
  readOnly: boolean,
  keep: (line: JournalLine | null) => boolean,
  aside?: string,
): Promise<{ bad: number; badLines: number; kept: number }> {
  const tmp = `${journal.path}.tmp`;
  const out = await open(tmp, 'w', 0o600);
  const badOut = aside ? await open(aside, 'w', 0o600) : null;
  const counts = { bad: 0, badLines: 0, kept: 0 };
  let first = true;
  let pending: Buffer[] = [headerLine(journal.journalId || undefined)];
  let pendingBytes = (pending[0] as Buffer).length;
  const flushOut = async (): Promise<void> => {
    if (pendingBytes > 0) await out.write(Buffer.concat(pending));
    pending = [];
    pendingBytes = 0;
  };
  const setAside = async (bytes: Buffer): Promise<void> => {
    counts.bad += bytes.length;
    counts.badLines++;
    await badOut?.write(bytes);
  };
  try {
    const scan = await scanLines(journal.path, 0, async (bytes) => {
      const isHeader = first && parseHeader(bytes) !== null;
      first = false;
      if (isHeader) return;
      const decoded = decodeLine(bytes);
      const usable = decoded !== null && (decoded.kind === 'retry' || envelopeOf(decoded) !== null);
      if (!keep(usable ? decoded : null)) {
        if (!usable && badOut) await setAside(Buffer.concat([bytes, NEWLINE]));
        return;
      }
      counts.kept++;
      pending.push(bytes, NEWLINE);
      pendingBytes += bytes.length + 1;
      if (pendingBytes > REWRITE_CHUNK_BYTES) await flushOut();
    });
    if (scan.tail && badOut) await setAside(scan.tail);
    await flushOut();
    await out.sync();
  } finally {
    await out.close();
    await badOut?.close();
  }
  const hadHandle = journal.handle !== null && !readOnly;
  await journal.close();
  await rename(tmp, journal.path);
  await fsyncPath(journal.dataDir);
  await journal.reopen(hadHandle);
  return counts;
}
