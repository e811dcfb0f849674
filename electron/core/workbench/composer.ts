/**
 * The event composer (`knit-sync send --type TYPE [--from EVENT_ID] [--set path=value]...`): a Knit-shaped
 * event to edit and send, started from a template of any event type (the guide's example of that type with a
 * fresh eventId and filled records, or a bare envelope for a type the guide does not list) or from a stored
 * event's body, then changed one path at a time.
 */
import { randomBytes } from 'node:crypto';
import { GUIDE_EXAMPLES } from '../check/guide-examples';
import { employeeData } from '../check/bodies';

type Json = Record<string, unknown>;

/** A new `ev_…` id (22 base64url characters, like Knit's). */
const newEventId = (): string => `ev_${randomBytes(16).toString('base64url').slice(0, 22)}`;

/** A template of `eventType`: the guide's example of it with a new eventId (records filled), else a bare envelope. */
export function eventTemplate(eventType: string): Json {
  const example = GUIDE_EXAMPLES.find((e) => e.eventType === eventType);
  const base: Json = example
    ? (JSON.parse(example.body) as Json)
    : { eventType, eventData: {}, syncType: 'delta_sync', syncDataType: 'employee', syncJobId: 'sj_composed', syncRunId: 'sr_composed' };
  base.eventId = newEventId();
  if (eventType === 'record.new' || eventType === 'record.modified') {
    base.recordId = 'emp_composed_1';
    base.eventData = employeeData('emp_composed_1', 'Ada', 'Lovelace');
  }
  return { eventId: base.eventId, eventType, ...base };
}

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * Sets `path` (dot-separated, array indices as numbers: `eventData.dependents.0.firstName`) in `target` to
 * `value` read as JSON when it parses (`42`, `true`, `null`, `{"a":1}`), else as a string. Missing objects
 * on the way are created.
 * @throws Error naming the path when it is empty, names a prototype key, or goes through a non-object.
 */
export function setPath(target: Json, path: string, value: string): void {
  const keys = path.split('.');
  if (keys.some((k) => k === '' || FORBIDDEN.has(k))) throw new Error(`"${path}" is not a path (dot-separated keys, e.g. eventData.profile.firstName)`);
  let node: unknown = target;
  for (const [i, key] of keys.entries()) {
    if (node === null || typeof node !== 'object') throw new Error(`"${keys.slice(0, i).join('.')}" is not an object, so "${path}" cannot be set`);
    const holder = node as Record<string, unknown>;
    if (i === keys.length - 1) {
      holder[key] = parseValue(value);
      return;
    }
    if (holder[key] === undefined || holder[key] === null) holder[key] = {};
    node = holder[key];
  }
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `path=value` split at the first `=`. @throws Error when there is none. */
export function parseAssignment(text: string): { path: string; value: string } {
  const at = text.indexOf('=');
  if (at <= 0) throw new Error(`--set "${text}" is not path=value (e.g. eventData.profile.firstName=Ana)`);
  return { path: text.slice(0, at), value: text.slice(at + 1) };
}
