import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../electron/core/knit/retry-after';
import { KNIT_API_PATHS, knitApiUrl } from '../../../electron/core/knit/paths';

describe('parseRetryAfter (RFC 9110 10.2.3)', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP date, and a date in the past as no wait', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });
  it('returns null when absent or unparsable', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-1', now)).toBeNull();
  });
});

describe('Knit API paths', () => {
  it('joins the base URL and the path of each call, ignoring a trailing slash', () => {
    expect(knitApiUrl('https://api.getknit.dev/v1.0/', 'sync.start')).toBe('https://api.getknit.dev/v1.0/sync.start');
    expect(knitApiUrl('https://api.getknit.dev/v1.0', 'sync.pause')).toBe('https://api.getknit.dev/v1.0/sync.pause');
    expect(Object.keys(KNIT_API_PATHS).sort()).toEqual(['auth.createSession', 'sync.pause', 'sync.resume', 'sync.start', 'sync.update']);
  });
});
