/**
 * The journal's line format (JSON Lines, append-only, `journal.jsonl`), the history of every accepted event:
 * - line 1, the header: `{"journal":1,"journalId":"<uuid>","createdAt":"<ISO>"}`; a snapshot names the
 *   journalId it covers, so a rewritten journal (purge, repair) is never read with stale offsets;
 * - an event: `{"seq","eventId","receivedAt","environment","integrationId","headers","flags","body"}` where
 *   `body` is the raw body as a string when the bytes are UTF-8 that round-trips exactly, else `bodyBase64`;
 * - a redelivery: `{"retryOf":"<eventId>","receivedAt":"<ISO>"}` (counted, never a second event).
 */
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { EventFlag } from '../../../shared/api/types';

export interface JournalHeader {
  journal: 1;
  journalId: string;
  createdAt: string;
}

export interface JournalEventLine {
  seq: number;
  eventId: string;
  receivedAt: string;
  environment: string;
  integrationId: string | null;
  /** Knit's headers (`x-knit-*`) and `content-type`, lower-case names. */
  headers: Record<string, string>;
  flags: EventFlag[];
  body?: string;
  bodyBase64?: string;
}

export interface JournalRetryLine {
  retryOf: string;
  receivedAt: string;
}

export type JournalLine = { kind: 'event'; line: JournalEventLine; raw: Buffer } | { kind: 'retry'; line: JournalRetryLine };

/** A new header line (with its newline). */
export function headerLine(): Buffer {
  const header: JournalHeader = { journal: 1, journalId: randomUUID(), createdAt: new Date().toISOString() };
  return Buffer.from(`${JSON.stringify(header)}\n`);
}

/** The header of a journal's first line, or null when it is not one. */
export function parseHeader(line: Buffer): JournalHeader | null {
  try {
    const h = JSON.parse(line.toString('utf8')) as JournalHeader;
    return h.journal === 1 && typeof h.journalId === 'string' ? h : null;
  } catch {
    return null;
  }
}

/**
 * Serializes an event line (with its newline); the raw bytes are kept exactly. The bytes are the UTF-8 of
 * `JSON.stringify({...fields, body: raw.toString('utf8')})`, built without decoding the body: valid UTF-8
 * read as latin1 is one char per byte, JSON.stringify escapes only `"`, `\\` and controls below 0x20 (all
 * ASCII, never part of a multi-byte sequence: RFC 3629 section 3) and leaves the rest, so writing that
 * string back as latin1 gives the escaped UTF-8 bytes. It is a third of the cost of decoding and re-encoding.
 */
export function encodeEventLine(fields: Omit<JournalEventLine, 'body' | 'bodyBase64'>, raw: Buffer): Buffer {
  const head = JSON.stringify(fields).slice(0, -1); // without its closing brace
  if (!isUtf8(raw)) return Buffer.from(`${head},"bodyBase64":${JSON.stringify(raw.toString('base64'))}}\n`);
  const headBytes = Buffer.from(`${head},"body":`);
  const bodyBytes = Buffer.from(`${JSON.stringify(raw.toString('latin1'))}}\n`, 'latin1');
  return Buffer.concat([headBytes, bodyBytes], headBytes.length + bodyBytes.length);
}

/** Serializes a retry line (with its newline). */
export function encodeRetryLine(line: JournalRetryLine): Buffer {
  return Buffer.from(`${JSON.stringify(line)}\n`);
}

/** Decodes one line (without its newline); null when it is not a valid event or retry line. */
export function decodeLine(bytes: Buffer): JournalLine | null {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object') return null;
  if (typeof parsed.retryOf === 'string' && typeof parsed.receivedAt === 'string') {
    return { kind: 'retry', line: parsed as unknown as JournalRetryLine };
  }
  if (typeof parsed.seq !== 'number' || typeof parsed.eventId !== 'string' || typeof parsed.receivedAt !== 'string') return null;
  const line = parsed as unknown as JournalEventLine;
  let raw: Buffer;
  if (typeof line.body === 'string') raw = Buffer.from(line.body, 'utf8');
  else if (typeof line.bodyBase64 === 'string') raw = Buffer.from(line.bodyBase64, 'base64');
  else return null;
  if (!Array.isArray(line.flags)) line.flags = [];
  if (line.headers === null || typeof line.headers !== 'object') line.headers = {};
  return { kind: 'event', line, raw };
}
