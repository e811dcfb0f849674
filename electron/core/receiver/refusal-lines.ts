/**
 * The log lines of refused requests, rate-limited: a public listener can receive thousands of junk requests a
 * minute through the tunnel, each already kept in the rejected log, so the log file gets at most `perWindow`
 * lines per window and then one summary line with the count per reason.
 */
import type { Logger } from '../log';

/** A function logging one refusal line (`reason` is its rejection reason code). */
export type RefusalLine = (reason: string, line: string) => void;

/** `perWindow` lines per `windowMs`; beyond, a summary when the window ends. Never keeps the process alive. */
export function refusalLines(log: Logger, perWindow = 20, windowMs = 60_000): RefusalLine {
  let windowStart = 0;
  let logged = 0;
  const suppressed = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  const summarise = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (suppressed.size === 0) return;
    const total = [...suppressed.values()].reduce((a, b) => a + b, 0);
    const byReason = [...suppressed].map(([reason, n]) => `${reason} ${n.toLocaleString('en-US')}`).join(', ');
    log.info(
      `rejected ${total.toLocaleString('en-US')} more requests in ${windowMs / 1000} s, not logged one by one (${byReason}); each is in the rejected log`,
    );
    suppressed.clear();
  };
  return (reason, line) => {
    const now = Date.now();
    if (now - windowStart >= windowMs) {
      summarise();
      windowStart = now;
      logged = 0;
    }
    if (logged < perWindow) {
      logged++;
      log.info(line);
      return;
    }
    suppressed.set(reason, (suppressed.get(reason) ?? 0) + 1);
    if (!timer) {
      timer = setTimeout(summarise, windowStart + windowMs - now);
      timer.unref();
    }
  };
}
