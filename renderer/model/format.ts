/** Display formats shared by every screen: ids, times, counts, durations. Pure functions, no DOM. */

/**
 * `value` shortened in the middle to at most `max` characters (`sr_abc…xyz`), so both the prefix Knit uses
 * (e_, sj_, sr_) and the distinguishing tail stay visible. Values that fit are returned unchanged.
 */
export function shortenMiddle(value: string, max = 18): string {
  if (value.length <= max) return value;
  if (max < 3) return value.slice(0, max);
  const keep = max - 1;
  const head = Math.ceil(keep / 2);
  return `${value.slice(0, head)}…${value.slice(value.length - (keep - head))}`;
}

const CLOCK = new Intl.DateTimeFormat(undefined, { hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Local clock time of an ISO instant, `HH:MM:SS` (24 h). One shared formatter: lists format many. */
export function formatClock(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '—' : CLOCK.format(ms);
}

/** Local date and time, for runs and jobs: `2026-11-29 12:04:31`. */
export function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(iso)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A compact local time for table cells: the clock `12:04:31` when `iso` falls on the local
 * day of `now` (ms), else the short date and minute `Nov 28 12:04`, so a cell never wraps. '—' for null or
 * an unparsable time.
 */
export function formatCompactTime(iso: string | null, now: number = Date.now()): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const today = new Date(now);
  if (d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate()) return formatClock(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${MONTHS[d.getMonth()]} ${d.getDate()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** How long ago `iso` was relative to `now` in words: "just now", "3 min ago", "2 h ago", "4 days ago". */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (Number.isNaN(seconds)) return '';
  if (seconds < 0) return 'in the future';
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** The hover title of a time: full ISO and the relative age, e.g. `2026-11-29T12:04:31.000Z (3 min ago)`. */
export const timeTitle = (iso: string, now: number = Date.now()): string => `${iso} (${relativeTime(iso, now)})`;

/** A duration in ms as `850 ms`, `42 s`, `3 min 20 s`, `2 h 5 min`. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

const COUNT = new Intl.NumberFormat('en-US');

/**
 * A count with thousands separators: `1,204`. One shared formatter: `toLocaleString` builds an ICU formatter
 * per call, which cost about a millisecond per frame with the counts the bars show while events stream in.
 */
export const formatCount = (n: number): string => COUNT.format(n);
