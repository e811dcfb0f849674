import { describe, expect, it } from 'vitest';
import { formatClock, formatCompactTime, formatDuration, relativeTime, shortenMiddle } from '../../../renderer/model/format';
import { isSensitiveKey, maskValue } from '../../../renderer/model/masking';

describe('shortenMiddle', () => {
  it('keeps short ids unchanged', () => {
    expect(shortenMiddle('emp_0042', 18)).toBe('emp_0042');
  });
  it('keeps both ends of a long id around an ellipsis, within max', () => {
    const id = 'sr_jhhkk80869abcdefghijklmnop';
    const short = shortenMiddle(id, 12);
    expect(short).toHaveLength(12);
    expect(short).toBe('sr_jhh…lmnop');
    expect(short.startsWith('sr_')).toBe(true);
    expect(short.endsWith('mnop')).toBe(true);
  });
});

describe('relativeTime and formatDuration', () => {
  const now = Date.parse('2026-11-29T12:00:00Z');
  it('says how long ago in words', () => {
    expect(relativeTime('2026-11-29T11:57:00Z', now)).toBe('3 min ago');
    expect(relativeTime('2026-11-29T11:59:58Z', now)).toBe('just now');
    expect(relativeTime('2026-11-29T09:00:00Z', now)).toBe('3 h ago');
    expect(relativeTime('2026-11-20T12:00:00Z', now)).toBe('9 days ago');
  });
  it('formats durations', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(200_000)).toBe('3 min 20 s');
    expect(formatDuration(null)).toBe('—');
  });
});

describe('masking', () => {
  it('masks account numbers, keeping the last four characters', () => {
    expect(maskValue('PT50000201231234567890123')).toBe('•••• 0123');
    expect(maskValue('123')).toBe('••••');
  });
  it('recognises bank account keys only', () => {
    expect(isSensitiveKey('accountNumber')).toBe(true);
    expect(isSensitiveKey('IBAN')).toBe(true);
    expect(isSensitiveKey('bankName')).toBe(false);
    expect(isSensitiveKey('employeeNumber')).toBe(false);
  });
});

describe('formatCompactTime', () => {
  it('shows only the local clock for a time today, and a short date with minutes otherwise', () => {
    const now = new Date(2026, 10, 29, 18, 0, 0).getTime();
    const today = new Date(2026, 10, 29, 12, 4, 31).toISOString();
    expect(formatCompactTime(today, now)).toBe(formatClock(today));
    expect(formatCompactTime(new Date(2026, 10, 28, 9, 5, 7).toISOString(), now)).toBe('Nov 28 09:05');
    expect(formatCompactTime(null, now)).toBe('—');
  });
});
