/**
 * The full check of a data folder's store (`knit-sync fsck`, issue 14 break 2), read-only so that it runs
 * beside a running serve: reads every journal line, re-verifies each stored body against its stored
 * `x-knit-signature` with the key of the environment it arrived for (HMAC-SHA256, base64url: Knit
 * "Authenticating Knit Webhooks"), and compares the journal with the state snapshot (the events it names, the
 * bytes it covers, their checksums). The snapshot is read first: a serve appending meanwhile only adds lines.
 */
import { open, stat } from 'node:fs/promises';
import { parseEnvelope } from '../receiver/envelope';
import { matchesSignature } from '../signature/verify';
import { dataFiles } from './data-dir';
import { verifyChecksums } from './journal-checksums';
import { decodeLine, parseHeader, type JournalHeader } from './journal-format';
import { contentEnd } from './journal-space';
import { scanLines } from './lines';
import { loadSnapshot, type LoadedSnapshot } from './snapshot';

/** One problem found: a code, where (byte offset, eventId) when it has one, how many events it costs, and a sentence. */
export interface FsckProblem {
  problem:
    | 'journal-missing'
    | 'journal-header'
    | 'unreadable-line'
    | 'bad-body'
    | 'duplicate-event'
    | 'signature-mismatch'
    | 'torn-tail'
    | 'snapshot-corrupt'
    | 'snapshot-other-journal'
    | 'journal-cut'
    | 'snapshot-events-missing'
    | 'checksum-mismatch';
  offset?: number;
  eventId?: string;
  events?: number;
  message: string;
}

/** What was read: journal lines, events, redelivery lines, events whose signature verified / could not be checked (no key). */
export interface FsckSummary {
  summary: 'clean' | 'damaged';
  lines: number;
  events: number;
  retries: number;
  verified: number;
  unverified: number;
  snapshotEvents: number | null;
  problems: number;
}

export interface FsckOptions {
  dataDir: string;
  /** The API key of an environment, or null when none is configured (its events are counted as unverified). */
  keyOf: (environment: string) => string | null;
  /** A process holds the folder and may be appending: an incomplete last line is its write in progress, not damage. */
  live: boolean;
  onProblem: (problem: FsckProblem) => void;
}

const n = (value: number): string => value.toLocaleString('en-US');

/** Checks the store of `options.dataDir`, reporting each problem as it is found; never writes. */
export async function fsck(options: FsckOptions): Promise<FsckSummary> {
  const files = dataFiles(options.dataDir);
  let problems = 0;
  const report = (p: FsckProblem): void => {
    problems++;
    options.onProblem(p);
  };
  const snapshotExists = await stat(files.snapshot).then(
    () => true,
    () => false,
  );
  const snapshot: LoadedSnapshot | null = snapshotExists ? await loadSnapshot(files.snapshot) : null;
  const journal = await readJournal(files.journal, options, report);
  if (snapshot && !snapshot.ok)
    report({ problem: 'snapshot-corrupt', message: `The state snapshot cannot be read (${snapshot.error}); the next start rebuilds it from the journal.` });
  if (snapshot?.ok) await compareSnapshot(snapshot, journal, files.journal, report);
  const { lines, events, retries, verified, unverified } = journal;
  const snapshotEvents = snapshot?.ok ? snapshot.state.events.size : null;
  return { summary: problems === 0 ? 'clean' : 'damaged', lines, events, retries, verified, unverified, snapshotEvents, problems };
}

interface JournalRead {
  header: JournalHeader | null;
  headerBytes: number;
  end: number;
  /** Each readable event's eventId and the offset of its line. */
  offsets: Map<string, number>;
  lines: number;
  events: number;
  retries: number;
  verified: number;
  unverified: number;
}

/** Reads every line of the journal (see the file's docstring). */
async function readJournal(path: string, options: FsckOptions, report: (p: FsckProblem) => void): Promise<JournalRead> {
  const read: JournalRead = { header: null, headerBytes: 0, end: 0, offsets: new Map(), lines: 0, events: 0, retries: 0, verified: 0, unverified: 0 };
  const size = await stat(path).then(
    (s) => s.size,
    () => null,
  );
  if (size === null) {
    report({ problem: 'journal-missing', message: 'There is no journal (journal.jsonl): every stored event is lost.' });
    return read;
  }
  const handle = await open(path, 'r');
  const end = await contentEnd(handle, size).finally(() => handle.close());
  const scan = await scanLines(path, 0, (bytes, offset) => {
    if (offset === 0) {
      read.header = parseHeader(bytes);
      read.headerBytes = bytes.length + 1;
      if (read.header) return;
      report({ problem: 'journal-header', offset: 0, message: 'The journal has no valid header line.' });
    }
    read.lines++;
    checkLine(bytes, offset, read, options, report);
  });
  read.end = scan.end;
  if (size === 0) report({ problem: 'journal-header', offset: 0, message: 'The journal is empty: it has lost its header and every event.' });
  else if (end === 0)
    report({ problem: 'journal-header', offset: 0, message: `The journal's ${n(size)} bytes are all zero bytes: nothing in it can be read.` });
  if (scan.tail && !options.live) {
    report({
      problem: 'torn-tail',
      offset: scan.end,
      message: `The journal ends with an incomplete line of ${n(scan.tail.length)} bytes (an event never answered 200; the next start sets it aside).`,
    });
  }
  return read;
}

/** Checks one journal line after the header: readable, a Knit envelope naming its line's eventId, once, signed with its environment's key. */
function checkLine(bytes: Buffer, offset: number, read: JournalRead, options: FsckOptions, report: (p: FsckProblem) => void): void {
  const decoded = decodeLine(bytes);
  if (decoded === null) {
    const zeros = bytes.includes(0) ? ', it holds zero bytes' : '';
    report({
      problem: 'unreadable-line',
      offset,
      events: 1,
      message: `The journal line at byte ${n(offset)} (${n(bytes.length)} bytes${zeros}) cannot be read: the event or redelivery count it held is lost.`,
    });
    return;
  }
  if (decoded.kind === 'retry') {
    read.retries++;
    return;
  }
  const { line, raw } = decoded;
  read.events++;
  const envelope = parseEnvelope(raw);
  if (!envelope.ok || envelope.event.eventId !== line.eventId) {
    report({
      problem: 'bad-body',
      offset,
      eventId: line.eventId,
      events: 1,
      message: `The stored body of event ${line.eventId} at byte ${n(offset)} is no longer a Knit event naming it.`,
    });
    return;
  }
  if (read.offsets.has(line.eventId)) {
    report({ problem: 'duplicate-event', offset, eventId: line.eventId, message: `Event ${line.eventId} is stored twice (again at byte ${n(offset)}).` });
  }
  read.offsets.set(line.eventId, offset);
  const key = options.keyOf(line.environment);
  const signature = line.headers['x-knit-signature']?.trim();
  if (key === null || !signature) {
    read.unverified++;
    return;
  }
  if (matchesSignature(raw, signature, key)) {
    read.verified++;
    return;
  }
  report({
    problem: 'signature-mismatch',
    offset,
    eventId: line.eventId,
    events: 1,
    message: `The stored body of event ${line.eventId} at byte ${n(offset)} no longer matches its signature with the ${line.environment} key: it changed after it was stored (or that key was replaced since).`,
  });
}

/** Compares the snapshot with the journal: same journal, reached position, every event it names at its offset, checksums of the covered bytes. */
async function compareSnapshot(
  snapshot: Extract<LoadedSnapshot, { ok: true }>,
  journal: JournalRead,
  path: string,
  report: (p: FsckProblem) => void,
): Promise<void> {
  const { header, state } = snapshot;
  let missing = 0;
  let first: number | null = null;
  for (const meta of state.events.values()) {
    if (journal.offsets.get(meta.eventId) === meta.offset || (header.journalId !== journal.header?.journalId && journal.offsets.has(meta.eventId))) continue;
    missing++;
    first ??= meta.offset;
  }
  if (journal.header && header.journalId !== journal.header.journalId) {
    if (missing > 0 && header.journalId !== journal.header.rewrittenFrom) {
      report({
        problem: 'snapshot-other-journal',
        events: missing,
        message: `The state snapshot belongs to another journal: ${n(missing)} of the ${n(state.events.size)} events it names are not in this one.`,
      });
    }
    return;
  }
  if (header.journalPosition > journal.end) {
    report({
      problem: 'journal-cut',
      offset: journal.end,
      message: `The journal ends at byte ${n(journal.end)}, before the ${n(header.journalPosition)} bytes the state snapshot covers.`,
    });
  }
  if (missing > 0) {
    report({
      problem: 'snapshot-events-missing',
      offset: first ?? undefined,
      events: missing,
      message: `${n(missing)} of the ${n(state.events.size)} events the state snapshot names cannot be read from the journal (the first at byte ${n(first ?? 0)}).`,
    });
  }
  if (!header.checksums || header.journalPosition > journal.end) return;
  for (const range of (await verifyChecksums(path, header.checksums, header.journalPosition)) ?? []) {
    report({
      problem: 'checksum-mismatch',
      offset: range.start,
      message: `Journal bytes ${n(range.start)}-${n(range.end)} changed after they were written (their checksum no longer matches the snapshot's).`,
    });
  }
}
