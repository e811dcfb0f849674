/**
 * The background check of the journal bytes a snapshot covers (JournalStore.checkIntegrity): their checksums
 * (journal-checksums.ts) are compared after open, and each damaged range is reported with the events stored
 * there: how many can no longer be read, how many no longer match their signature, how many could not be checked.
 */
import type { StoreProblem } from '../../../shared/api/types';
import type { Logger } from '../log';
import type { EventTable } from '../state/event-table';
import type { JournalFile } from './journal-file';
import type { JournalEventLine } from './journal-format';
import { verifyChecksums, type ChecksumMismatch, type JournalChecksumRecord } from './journal-checksums';
import { envelopeOf } from './replay';

/** Whether a stored body still matches its stored signature: null when it cannot be checked (no key). */
export type BodyCheck = (line: JournalEventLine, raw: Buffer) => boolean | null;

/** The snapshot's checksum record and the journal position it covers. */
export interface CoveredRange {
  record: JournalChecksumRecord;
  position: number;
}

/** What verifyCovered needs of the store: its journal, its events, whether it closed, and where problems go. */
export interface IntegrityHost {
  readonly journal: JournalFile;
  readonly log: Logger;
  /** The stored events (read by position: only those in a damaged range are materialised). */
  events(): EventTable;
  isClosed(): boolean;
  problem(kind: StoreProblem['kind'], message: string, setAsidePath: string | null, events?: number): void;
}

/** Reads the journal bytes `covered` names, compares their checksums and reports each damaged range as a problem. */
export async function verifyCovered(host: IntegrityHost, covered: CoveredRange, checkBody: BodyCheck): Promise<void> {
  const { journal } = host;
  const journalId = journal.journalId;
  const cancelled = (): boolean => host.isClosed() || journal.journalId !== journalId;
  const mismatches = await verifyChecksums(journal.path, covered.record, covered.position, cancelled).catch((error: Error) => {
    host.log.warn(`the journal's checksums could not be checked: ${error.message}`);
    return null;
  });
  for (const range of mergeRanges(mismatches ?? [])) {
    const count = { affected: 0, unreadable: 0, altered: 0, unchecked: 0 };
    const ids: string[] = [];
    const table = host.events();
    const offsets = table.numbers.offset.view().slice(); // the events stored now (reads below wait)
    const lengths = table.numbers.length.view().slice();
    for (let position = 0; position < offsets.length; position++) {
      if (offsets[position]! >= range.end || offsets[position]! + lengths[position]! < range.start) continue;
      const meta = table.at(position)!;
      count.affected++;
      const read = await journal.readEvent(meta);
      if (cancelled()) return;
      const readable = read !== null && read.line.eventId === meta.eventId && envelopeOf({ kind: 'event', ...read }) !== null;
      const verdict = readable ? checkBody(read.line, read.raw) : false;
      const kind = !readable ? 'unreadable' : verdict === false ? 'altered' : verdict === null ? 'unchecked' : null;
      if (kind) count[kind]++;
      if (kind && kind !== 'unchecked' && ids.length < 5) ids.push(meta.eventId);
    }
    host.problem('corrupt-journal', damageMessage(range, count, ids), null, count.unreadable + count.altered);
  }
}

/** The sentence of a damaged range of the journal (verifyCovered). */
function damageMessage(range: ChecksumMismatch, count: { affected: number; unreadable: number; altered: number; unchecked: number }, ids: string[]): string {
  const where = `Journal bytes ${range.start.toLocaleString('en-US')}-${range.end.toLocaleString('en-US')} changed after they were written (their checksum no longer matches)`;
  if (count.affected === 0) return `${where}: no event is stored there, only redelivery counts.`;
  const parts: string[] = [];
  if (count.unreadable > 0) parts.push(`${count.unreadable} can no longer be read and are lost`);
  if (count.altered > 0) parts.push(`${count.altered} no longer match their signature (altered)`);
  if (count.unchecked > 0)
    parts.push(`${count.unchecked} could not be checked for want of their environment's key (knit-sync fsck checks them once it is set)`);
  const intact = count.affected - count.unreadable - count.altered - count.unchecked;
  if (intact > 0) parts.push(`${intact} are intact`);
  return `${where}: of the ${count.affected} events stored there, ${parts.join(', ')}${ids.length > 0 ? ` (${ids.join(', ')}${count.unreadable + count.altered > ids.length ? ', …' : ''})` : ''}.`;
}

/** Damaged ranges with adjacent ones joined (a line across two damaged chunks is one report). */
function mergeRanges(ranges: readonly ChecksumMismatch[]): ChecksumMismatch[] {
  const merged: ChecksumMismatch[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && last.end === r.start) last.end = r.end;
    else merged.push({ ...r });
  }
  return merged;
}
