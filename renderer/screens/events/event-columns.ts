/**
 * The events grid's columns, in order: their 1-based `aria-colindex` (WAI-ARIA 1.2 grid: a row may leave a
 * cell out, as a row without flags does, when every cell says its column and the grid says how many there
 * are with `aria-colcount`), header text and header title. styles.css lays the columns out and hides some by
 * `aria-colindex` when the list is narrow.
 */
export const COL = { time: 1, type: 2, sync: 3, run: 4, integration: 5, recordId: 6, employee: 7, verified: 8, retries: 9, flags: 10 } as const;

/** Knit's word: an event sent again after its 200 was lost or late is a retry (stored once, counted). */
export const RETRIES_TITLE = 'retries: how many more times Knit sent this event (each answered 200, stored once)';
export const FLAGS_TITLE =
  "flags: ! marks an event to look at (unknown type, no integration id, another environment's key, unexpected shape); hover it for why";

/** The retries cell's title: `1 retry`, `3 retries`. */
export const retriesTitle = (retries: number): string => `${retries.toLocaleString('en-US')} ${retries === 1 ? 'retry' : 'retries'}`;

/** Header cells in column order: visible text and, when it is abbreviated, the full name as its title. */
export const EVENT_COLUMNS: ReadonlyArray<{ index: number; text: string; title?: string }> = [
  { index: COL.time, text: 'time' },
  { index: COL.type, text: 'type' },
  { index: COL.sync, text: 'sync' },
  { index: COL.run, text: 'run' },
  { index: COL.integration, text: 'integration' },
  { index: COL.recordId, text: 'recordId' },
  { index: COL.employee, text: 'employee' },
  { index: COL.verified, text: 'verified' },
  { index: COL.retries, text: 're', title: RETRIES_TITLE },
  { index: COL.flags, text: '⚑', title: FLAGS_TITLE },
];

/** The header cells shown: the integration column only while the list shows every integration. */
export const shownColumns = (withIntegration: boolean): typeof EVENT_COLUMNS =>
  withIntegration ? EVENT_COLUMNS : EVENT_COLUMNS.filter((c) => c.index !== COL.integration);

/** The value of the grid's `aria-colcount`. */
export const EVENT_COLCOUNT = EVENT_COLUMNS.length;

const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact' });

/**
 * The retries cell's text, at most 4 characters so it fits its column: `·` for none, the count up to 999,
 * then compact (`1.2K`, `12K`, `123K`, `1.2M`); the cell's title gives the exact count.
 */
export function retriesText(retries: number): string {
  if (retries <= 0) return '·';
  return retries < 1000 ? String(retries) : COMPACT.format(retries);
}
