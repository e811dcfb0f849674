/**
 * Checks a forward target typed in Settings → Forwarding before it reaches the Companion (whose schema
 * error, "targets.0.url: Invalid URL", means nothing to a user). A missing scheme gets `http://` (the usual
 * local handler) and the result says so. Pure function, no DOM; URL parsing per the WHATWG URL Standard.
 */

/** `url` to save and, when it was changed, a sentence saying how; or the error to show instead. */
export type ForwardUrlCheck = { ok: true; url: string; note: string | null } | { ok: false; error: string };

const EXAMPLE = 'Enter a full http:// or https:// URL, e.g. http://localhost:3000/knithook';

/** `localhost:3000/knithook` → ok `http://localhost:3000/knithook` with a note; `ftp://x` → error. */
export function checkForwardUrl(text: string): ForwardUrlCheck {
  const typed = text.trim();
  if (typed === '') return { ok: false, error: EXAMPLE };
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed);
  const candidate = hasScheme ? typed : `http://${typed}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { ok: false, error: `"${typed}" is not a URL. ${EXAMPLE}.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, error: `Only http:// and https:// targets can receive webhooks. ${EXAMPLE}.` };
  if (url.hostname === '') return { ok: false, error: `"${typed}" has no host. ${EXAMPLE}.` };
  return { ok: true, url: candidate, note: hasScheme ? null : `Added http:// in front: forwarding to ${candidate}.` };
}
