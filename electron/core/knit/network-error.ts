/**
 * The system error code behind a failed `fetch` (Node's undici throws `TypeError: fetch failed` whose `cause`
 * carries e.g. `ECONNREFUSED`, `ENOTFOUND`, `ECONNRESET`, or `UND_ERR_SOCKET`).
 * @returns the code, or null when there is none.
 */
export function networkErrorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
