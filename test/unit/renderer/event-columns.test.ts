import { describe, expect, it } from 'vitest';
import { COL, EVENT_COLCOUNT, EVENT_COLUMNS, retriesText, retriesTitle } from '../../../renderer/screens/events/event-columns';

describe('retriesText', () => {
  it('shows none as a dot and counts up to 999 as they are', () => {
    expect(retriesText(0)).toBe('·');
    expect(retriesText(1)).toBe('1');
    expect(retriesText(123)).toBe('123');
    expect(retriesText(999)).toBe('999');
  });
  it('shortens 1,000 and more to at most 4 characters, so the count fits its column', () => {
    expect(retriesText(1_234)).toBe('1.2K');
    expect(retriesText(12_345)).toBe('12K');
    expect(retriesText(123_456)).toBe('123K');
    expect(retriesText(1_234_567)).toBe('1.2M');
    for (const n of [1_000, 9_999, 99_999, 999_999, 5_000_000, 2 ** 31]) expect(retriesText(n).length).toBeLessThanOrEqual(4);
  });
});

describe('event columns', () => {
  it('number the header cells 1..aria-colcount in the order of COL', () => {
    expect(EVENT_COLUMNS.map((c) => c.index)).toEqual(Array.from({ length: EVENT_COLCOUNT }, (_, i) => i + 1));
    expect(Object.values(COL)).toEqual(EVENT_COLUMNS.map((c) => c.index));
  });

  it("say Knit's word, retry, in the header and the cells, and explain the ⚑ column", () => {
    const title = (index: number) => EVENT_COLUMNS.find((c) => c.index === index)?.title ?? '';
    expect(title(COL.retries)).toMatch(/^retries: /);
    expect([retriesTitle(1), retriesTitle(3), retriesTitle(1_234)]).toEqual(['1 retry', '3 retries', '1,234 retries']);
    expect(title(COL.flags)).toMatch(/^flags: ! marks an event to look at .+; hover it for why$/);
  });
});
