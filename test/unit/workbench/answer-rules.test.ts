import { describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main';
import { parseAnswerRule, ruleFor } from '../../../electron/core/workbench/answer-rules';

describe('answer rules', () => {
  it('parses STATUS[:DELAY_MS][:TIMES][:EVENT_TYPES]', () => {
    expect(parseAnswerRule('500::3')).toEqual({ status: 500, delayMs: 0, times: 3, eventTypes: [], text: '500::3' });
    expect(parseAnswerRule('200:3000')).toMatchObject({ status: 200, delayMs: 3000, times: null });
    expect(parseAnswerRule('503:0:1:record.*, sync.events.processed')).toMatchObject({ times: 1, eventTypes: ['record.*', 'sync.events.processed'] });
    for (const bad of ['', 'abc', '99', '600', '500:-1', '500::0', '500:1:2:x:y']) expect(() => parseAnswerRule(bad), bad).toThrow(/"/);
  });

  it('applies rules in order, each taking its TIMES deliveries of each event', () => {
    const rules = ['500::2', '503:0:1:record.*', '429::1'].map(parseAnswerRule);
    const statuses = (type: string) => [1, 2, 3, 4, 5].map((n) => ruleFor(rules, type, n)?.status ?? 200);
    expect(statuses('record.new')).toEqual([500, 500, 503, 429, 200]);
    expect(statuses('sync.events.processed')).toEqual([500, 500, 429, 200, 200]);
  });

  it('serve refuses a second pass-through handler and a bad rule (exit 2)', async () => {
    const base = ['node', 'knit-sync', 'serve', '--port', '0', '--ui-port', '0', '--no-tunnel'];
    expect(await main([...base, '--pass-through-to', 'http://127.0.0.1:1/a', '--pass-through-to', 'http://127.0.0.1:1/b'])).toBe(2);
    expect(await main([...base, '--respond', '700'])).toBe(2);
    expect(await main([...base, '--pass-through-timeout', '0'])).toBe(2);
  });
});
