/**
 * The check suite against small handlers over real HTTP: a correct one passes every check; each flawed one
 * fails exactly the checks its flaw breaks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCheckSuite } from '../../../electron/core/check/runner';
import { CHECKS } from '../../../electron/core/check/suite';
import { startHandler, type HandlerFlaw } from './handlers';

const KEY = 'check_suite_key_5f1e2a';
const ALL = [...CHECKS.map((c) => c.id), 'answer-time'];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function grade(flaw: HandlerFlaw, timeoutMs?: number) {
  const handler = await startHandler(KEY, flaw);
  closers.push(() => handler.close());
  const report = await runCheckSuite({ url: handler.url, apiKey: KEY, timeoutMs });
  const ids = (outcome: string) => report.results.filter((r) => r.outcome === outcome).map((r) => r.id);
  return { report, failed: ids('fail'), warned: ids('warn'), received: handler.received };
}

describe('the check suite', () => {
  it('passes a correct handler on every check, each request sent once', async () => {
    const { report, failed, warned, received } = await grade('none');
    expect(report.results.map((r) => r.id)).toEqual(ALL);
    expect(failed).toEqual([]);
    expect(warned).toEqual([]);
    expect(report.requests).toBe(received);
    expect(report.results.find((r) => r.id === 'duplicate-event')?.got).toMatch(/^200 ×2/);
  });

  it.each<[string, HandlerFlaw, string[]]>([
    ['accepts forged signatures', 'accepts-forged', ['forged-signature', 'other-key', 'missing-signature', 'altered-body']],
    ['500s on duplicates', 'fails-duplicates', ['duplicate-event']],
    ['400s unknown event types', 'refuses-unknown-types', ['unknown-event-type']],
    // The guide's examples and the pretty-printed body have newlines that a re-serialization drops.
    ['re-serializes before verifying', 're-serializes', ['guide-examples', 'pretty-and-compact', 'raw-bytes']],
  ])('a handler that %s fails exactly its checks', async (_name, flaw, expected) => {
    const { failed, warned } = await grade(flaw);
    expect(failed).toEqual(expected);
    expect(warned).toEqual([]);
  });

  it('a slow handler fails only the answer-time check, and one over half the limit warns', async () => {
    const slow = await grade({ slowMsOverOneMB: 1_300 }, 1_000);
    expect(slow.failed).toEqual(['answer-time']);
    expect(slow.report.results.find((r) => r.id === 'large-record')?.outcome).toBe('pass');
    const close = await grade({ slowMsOverOneMB: 1_200 }, 2_000);
    expect(close.failed).toEqual([]);
    expect(close.warned).toEqual(['answer-time']);
  });

  it('says what came back and what Knit would do when a check fails', async () => {
    const { report } = await grade('fails-duplicates');
    const dup = report.results.find((r) => r.id === 'duplicate-event');
    expect(dup?.got).toContain('request 2: 500 "duplicate key"');
    expect(dup?.knit).toMatch(/retries .* 4 days/);
  });

  it('fails every check, quickly, when nothing listens', async () => {
    const handler = await startHandler(KEY);
    await handler.close();
    const report = await runCheckSuite({ url: handler.url, apiKey: KEY });
    expect(report.failed).toBe(report.results.length);
    expect(report.results[0]?.got).toContain('connection refused');
  });
});
