/**
 * The journal's line format (JSON Lines, append-only, `journal.jsonl`), the history of every accepted event:
 * - line 1, the header: `{"journal":1,"journalId":"<uuid>","createdAt":"<ISO>"[,"rewrittenFrom":"<uuid>"]}`; a snapshot names the
 *   journalId it covers, so a rewritten journal (purge, repair) is never read with stale offsets;
 * - an event: `{"seq","eventId","receivedAt","environment","integrationId","headers","flags",<body>}`, the
 *   body last, in one of three forms (encodeEventLine): `"event":<the raw bytes as they are>` when they are a
 *   JSON object on one line, else `"body":"<the raw bytes as a JSON string>"` when they are UTF-8, else
 *   `"bodyBase64"`;
 * - a redelivery: `{"retryOf":"<eventId>","receivedAt":"<ISO>"}` (counted, never a second event).
 */
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { EventFlag } from '../../../shared/api/types';

export interface JournalHeader {
  journal: 1;
  journalId: string;
  createdAt: string;
  /** The journalId of the journal this one was rewritten from (purge, repair): its snapshot may name events this one dropped on purpose. */
  rewrittenFrom?: string;
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
  /** The body as a JSON string (UTF-8 bodies that are not a one-line JSON object). */
  body?: string;
  bodyBase64?: string;
}

export interface JournalRetryLine {
  retryOf: string;
  receivedAt: string;
}

export type JournalLine = { kind: 'event'; line: JournalEventLine; raw: Buffer } | { kind: 'retry'; line: JournalRetryLine };

/** A new header line (with its newline); `rewrittenFrom` names the journal it replaces. */
export function headerLine(rewrittenFrom?: string): Buffer {
  const header: JournalHeader = { journal: 1, journalId: randomUUID(), createdAt: new Date().toISOString(), ...(rewrittenFrom && { rewrittenFrom }) };
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

/** The key of the body embedded as it is, with its quotes, colon and the comma before it. */
const EVENT_KEY = Buffer.from(',"event":');

/**
 * Serializes an event line (with its newline); the raw bytes are kept exactly.
 * - A body that is a JSON object on one line (UTF-8, no BOM, no CR or LF, `{` first, `}` last but for spaces
 *   and tabs) is copied into the line as it is, the last member: `...,"event":<raw>}`. The line stays one
 *   JSON value, and neither writing nor reading it escapes anything.
 * - Other UTF-8 bodies are `"body"`: the bytes of `JSON.stringify(raw.toString('utf8'))`, built without
 *   decoding: valid UTF-8 read as latin1 is one char per byte, JSON.stringify escapes only `"`, `\\` and
 *   controls below 0x20 (all ASCII, never part of a multi-byte sequence: RFC 3629 section 3) and leaves the
 *   rest, so writing that string back as latin1 gives the escaped UTF-8 bytes.
 * - Bytes that are not UTF-8 are `"bodyBase64"`.
 * The caller guarantees that `raw` parsed as JSON (the receiver's envelope check) when it starts with `{`.
 */
export function encodeEventLine(fields: Omit<JournalEventLine, 'body' | 'bodyBase64'>, raw: Buffer): Buffer {
  const head = JSON.stringify(fields).slice(0, -1); // without its closing brace
  if (!isUtf8(raw)) return Buffer.from(`${head},"bodyBase64":${JSON.stringify(raw.toString('base64'))}}\n`);
  if (isOneLineObject(raw)) {
    const line = Buffer.allocUnsafe(Buffer.byteLength(head) + EVENT_KEY.length + raw.length + 2);
    let at = line.write(head);
    at += EVENT_KEY.copy(line, at);
    at += raw.copy(line, at);
    line[at] = 0x7d; // }
    line[at + 1] = 0x0a;
    return line;
  }
  const headBytes = Buffer.from(`${head},"body":`);
  const bodyBytes = Buffer.from(`${JSON.stringify(raw.toString('latin1'))}}\n`, 'latin1');
  return Buffer.concat([headBytes, bodyBytes], headBytes.length + bodyBytes.length);
}

/** `{` first and `}` last but for spaces and tabs, no CR or LF: a JSON object's text that can sit in a line as it is. */
function isOneLineObject(raw: Buffer): boolean {
  if (raw[0] !== 0x7b || raw.indexOf(0x0a) !== -1 || raw.indexOf(0x0d) !== -1) return false;
  let end = raw.length - 1;
  while (end > 0 && (raw[end] === 0x20 || raw[end] === 0x09)) end--;
  return raw[end] === 0x7d;
}

/** Serializes a retry line (with its newline). */
export function encodeRetryLine(line: JournalRetryLine): Buffer {
  return Buffer.from(`${JSON.stringify(line)}\n`);
}

/**
 * Decodes one line (without its newline); null when it is not a valid event or retry line. A line with the
 * body embedded (`"event":`) is read without parsing the body: its members before it are parsed, and the raw
 * bytes are those between the key and the closing brace (the replay parses them as an envelope).
 */
export function decodeLine(bytes: Buffer): JournalLine | null {
  const at = bytes.indexOf(EVENT_KEY);
  if (at !== -1) return decodeEmbedded(bytes, at);
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
  let raw: Buffer;
  if (typeof parsed.body === 'string') raw = Buffer.from(parsed.body, 'utf8');
  else if (typeof parsed.bodyBase64 === 'string') raw = Buffer.from(parsed.bodyBase64, 'base64');
  else return null;
  return eventLine(parsed, raw);
}

/**
 * `...,"event":<raw>}`: the key's first occurrence is the line's own (the members before it are Knit's
 * headers and our flags, whose keys are never `event`, and a quote inside a string is always escaped).
 */
function decodeEmbedded(bytes: Buffer, at: number): JournalLine | null {
  if (bytes[bytes.length - 1] !== 0x7d) return null;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(`${bytes.toString('utf8', 0, at)}}`) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object') return null;
  return eventLine(parsed, bytes.subarray(at + EVENT_KEY.length, bytes.length - 1));
}

function eventLine(parsed: Record<string, unknown>, raw: Buffer): JournalLine | null {
  if (typeof parsed.seq !== 'number' || typeof parsed.eventId !== 'string' || typeof parsed.receivedAt !== 'string') return null;
  const line = parsed as unknown as JournalEventLine;
  if (!Array.isArray(line.flags)) line.flags = [];
  if (line.headers === null || typeof line.headers !== 'object') line.headers = {};
  return { kind: 'event', line, raw };
}
