/**
 * The field-level diff of a `record.modified` event against the previous version of the record
 * (EventDetail.previous), computed with microdiff over `eventData` and turned into rows to render as
 * `path`, `- old`, `+ new`. Pure functions.
 */
import diff from 'microdiff';

export interface DiffRow {
  /** Dotted path with array indexes, e.g. `orgStructure.department` or `bankAccountDetails[0].accountNumber`. */
  path: string;
  /** The last key of the path (for masking decisions). */
  key: string;
  kind: 'added' | 'removed' | 'changed';
  /** Absent for `added`. */
  oldValue?: unknown;
  /** Absent for `removed`. */
  newValue?: unknown;
}

/** `['a', 0, 'b']` → `a[0].b`. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}

const eventDataOf = (body: unknown): Record<string, unknown> => {
  const data = (body as { eventData?: unknown } | null)?.eventData;
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
};

/** The rows of changes from `previousBody` to `currentBody` (both whole event bodies), sorted by path. */
export function recordDiff(previousBody: unknown, currentBody: unknown): DiffRow[] {
  const rows = diff(eventDataOf(previousBody), eventDataOf(currentBody), { cyclesFix: false }).map((d): DiffRow => {
    const path = formatPath(d.path);
    const key = String(d.path[d.path.length - 1] ?? '');
    if (d.type === 'CREATE') return { path, key, kind: 'added', newValue: d.value };
    if (d.type === 'REMOVE') return { path, key, kind: 'removed', oldValue: d.oldValue };
    return { path, key, kind: 'changed', oldValue: d.oldValue, newValue: d.value };
  });
  return rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A value as shown in a diff line: strings quoted, objects as compact JSON, at most `max` characters. */
export function formatDiffValue(value: unknown, max = 200): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
