/**
 * `Retry-After` (RFC 9110 section 10.2.3): either a number of seconds or an HTTP date.
 * @param value the header value, or null when absent.
 * @param nowMs the current time in epoch milliseconds (for the date form).
 * @returns the wait in milliseconds (0 for a date in the past), or null when absent or unparsable.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}
