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
  // An HTTP-date starts with the day name (`Wed, 21 Oct 2015 07:28:00 GMT`, or the obsolete forms); Date.parse alone takes "-1".
  if (!/^[A-Za-z]{3}/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}
