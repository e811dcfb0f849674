/**
 * The fixed suite of `knit-sync check`: which of Knit's webhook rules a handler keeps. Each check sends one or
 * more requests in order and expects them all either answered 200 (Knit: "only a 200 marks an event
 * consumed; anything else is retried", the sync guide) or refused with a non-2xx status (a body whose
 * X-Knit-Signature does not verify must never be processed: Knit's "Authenticating Knit Webhooks").
 * The answer-time check is computed over every request of the run (runner.ts).
 */
import { GUIDE_EXAMPLES } from './guide-examples';
import { compact, employeeData, escapesBody, largeBody, NON_ASCII_NAMES, recordEvent, type CheckIds } from './bodies';

/** How a request is signed: with the key under test, not at all, or wrongly. */
export type Signing = 'valid' | 'forged' | 'other-key' | 'none' | 'altered';

/** One request of a check: the exact body text and how it is signed. */
export interface CheckRequest {
  body: string;
  signing: Signing;
}

/** One check of the suite. */
export interface CheckDefinition {
  /** Stable id, e.g. `duplicate-event` (JUnit test name, --json `id`). */
  id: string;
  /** What was sent, in words. */
  sent: string;
  /** `accepted`: every request must be answered 200; `refused`: every request must get a non-2xx status. */
  expect: 'accepted' | 'refused';
  /** What Knit (or an attacker) does when the handler fails this check. */
  ifFails: string;
  requests(ids: CheckIds): CheckRequest[];
}

/** The 2 MB record of the `large-record` check, in bytes. */
export const LARGE_RECORD_BYTES = 2 * 1024 * 1024;

const RETRIED = 'Knit retries an event not answered 200 for 4 days, and the run never reaches sync.events.allConsumed';
const UNSAFE = 'Knit never sends this, but anyone who learns the URL could write employees into your system';

const signed = (body: string): CheckRequest => ({ body, signing: 'valid' });
const record = (ids: CheckIds, name: string, type: string, id: string, first = 'Ada', last = 'Lovelace') =>
  recordEvent(ids, name, type, id, employeeData(id, first, last));

/** The suite, in the order it runs. */
export const CHECKS: readonly CheckDefinition[] = [
  {
    id: 'guide-examples',
    sent: "the guide's 5 example payloads (record.new, record.modified, record.deleted, sync.events.processed, sync.events.allConsumed), signed",
    expect: 'accepted',
    ifFails: RETRIED,
    requests: () => GUIDE_EXAMPLES.map((example) => signed(example.body)),
  },
  {
    id: 'forged-signature',
    sent: 'a record.new with a made-up X-Knit-Signature',
    expect: 'refused',
    ifFails: UNSAFE,
    requests: (ids) => [{ body: compact(record(ids, 'forged', 'record.new', 'emp_check_forged')), signing: 'forged' }],
  },
  {
    id: 'other-key',
    sent: 'a record.new signed with another API key',
    expect: 'refused',
    ifFails: `${UNSAFE} (another environment's key, e.g. sandbox events reaching production, is accepted too)`,
    requests: (ids) => [{ body: compact(record(ids, 'otherkey', 'record.new', 'emp_check_otherkey')), signing: 'other-key' }],
  },
  {
    id: 'missing-signature',
    sent: 'a record.new without X-Knit-Signature',
    expect: 'refused',
    ifFails: UNSAFE,
    requests: (ids) => [{ body: compact(record(ids, 'unsigned', 'record.new', 'emp_check_unsigned')), signing: 'none' }],
  },
  {
    id: 'altered-body',
    sent: 'a record.new whose body was changed after signing (one name)',
    expect: 'refused',
    ifFails: `${UNSAFE} (a body changed in transit is accepted)`,
    requests: (ids) => [{ body: compact(record(ids, 'altered', 'record.new', 'emp_check_altered')), signing: 'altered' }],
  },
  {
    id: 'duplicate-event',
    sent: 'the same record.new (same eventId, same bytes) twice',
    expect: 'accepted',
    ifFails: `Knit delivers at least once, so duplicates happen; ${RETRIED}`,
    requests: (ids) => {
      const body = compact(record(ids, 'dup', 'record.new', 'emp_check_dup'));
      return [signed(body), signed(body)];
    },
  },
  {
    id: 'out-of-order',
    sent: 'a record.modified before its record.new, then a record.deleted of an employee never sent',
    expect: 'accepted',
    ifFails: `Knit does not promise order; ${RETRIED}`,
    requests: (ids) => [
      signed(compact(record(ids, 'ooo_mod', 'record.modified', 'emp_check_ooo', 'Grace', 'Hopper'))),
      signed(compact(record(ids, 'ooo_new', 'record.new', 'emp_check_ooo', 'Grace', 'Hopper'))),
      signed(compact(recordEvent(ids, 'ooo_del', 'record.deleted', 'emp_check_never', { employeeId: 'emp_check_never', workEmail: 'never@example.com' }))),
    ],
  },
  {
    id: 'unknown-event-type',
    sent: 'events of types the guide does not list (sync.heartbeat, sync.failed)',
    expect: 'accepted',
    ifFails: `Knit adds event types over time; ${RETRIED}`,
    requests: (ids) => [
      signed(compact({ ...recordEvent(ids, 'heartbeat', 'sync.heartbeat', '', {}), recordId: undefined })),
      signed(compact({ ...recordEvent(ids, 'failed', 'sync.failed', '', { status: 'failed' }), recordId: undefined })),
    ],
  },
  {
    id: 'non-ascii',
    sent: 'record.new events with names in Latin with accents, Polish, Japanese, Arabic and an emoji (UTF-8)',
    expect: 'accepted',
    ifFails: `${RETRIED} (a handler that signs a re-encoded body, e.g. as Latin-1, rejects these)`,
    requests: (ids) => NON_ASCII_NAMES.map(([first, last], i) => signed(compact(record(ids, `utf8_${i}`, 'record.new', `emp_check_utf8_${i}`, first, last)))),
  },
  {
    id: 'pretty-and-compact',
    sent: 'one record.new pretty-printed (2-space indent, newlines) and one compact',
    expect: 'accepted',
    ifFails: RETRIED,
    requests: (ids) => [
      signed(JSON.stringify(record(ids, 'pretty', 'record.new', 'emp_check_pretty'), null, 2)),
      signed(compact(record(ids, 'compact', 'record.new', 'emp_check_compact'))),
    ],
  },
  {
    id: 'large-record',
    sent: 'a 2 MB record.new (thousands of dependents)',
    expect: 'accepted',
    ifFails: `${RETRIED} (a body-size limit below Knit's largest record refuses it every time)`,
    requests: (ids) => [signed(largeBody(ids, LARGE_RECORD_BYTES))],
  },
  {
    id: 'raw-bytes',
    sent: 'a record.new whose text a JSON parse would change ("\\u00e9", "\\/", 1.0), signed over its bytes',
    expect: 'accepted',
    ifFails: `${RETRIED} (the handler verifies a re-serialized body, not the bytes Knit signed)`,
    requests: (ids) => [signed(escapesBody(ids))],
  },
];

/** The id of the answer-time check, computed over every request of the run. */
export const ANSWER_TIME_CHECK = 'answer-time';
