/**
 * Refused-request log lines are rate-limited (issue 14: ~750 MB/h of them from the tunnel): at most
 * `perWindow` per window, then one summary line per window with the count per reason.
 */
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../electron/core/log';
import { refusalLines } from '../../../electron/core/receiver/refusal-lines';

function capture(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const push = (m: string): void => void lines.push(m);
  return { lines, log: { debug: push, info: push, warn: push, error: push, close: async () => {} } };
}

describe('refusalLines', () => {
  it('logs the first lines of a window, then one summary per reason count when the window ends', async () => {
    const { log, lines } = capture();
    const line = refusalLines(log, 3, 300);
    for (let i = 0; i < 1_000; i++) line(i % 4 === 0 ? 'listener_busy' : 'signature_mismatch', `rejected ${i}`);
    expect(lines).toEqual(['rejected 0', 'rejected 1', 'rejected 2']);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(lines.slice(3)).toEqual([
      'rejected 997 more requests in 0.3 s, not logged one by one (signature_mismatch 748, listener_busy 249); each is in the rejected log',
    ]);
    line('signature_missing', 'rejected next window');
    expect(lines.at(-1)).toBe('rejected next window');
  });
});
