/**
 * The signature check and its diagnosis compare the sent value with each digest through
 * `crypto.timingSafeEqual` on equal-length buffers, never with `===` (issue 14): observed by wrapping the real
 * node:crypto function and counting the compares that matched.
 */
import { describe, expect, it, vi } from 'vitest';

const matches = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView): boolean => {
      const equal = real.timingSafeEqual(a, b);
      if (equal) matches.count++;
      return equal;
    },
  };
});

const { verifySignature } = await import('../../../electron/core/signature/verify');
const { knitDigest } = await import('../../../electron/core/signature/sign');

const BODY = Buffer.from('{"eventId":"e_1","eventType":"record.new"}');
const keys = [{ environment: 'production', key: 'test_key_production_123' }];
const digest = knitDigest(BODY, 'test_key_production_123');

describe('constant-time compares', () => {
  const cases: Array<[string, string, string]> = [
    ['hex', digest.toString('hex').toUpperCase(), 'signature_hex'],
    ['padded base64url', `${digest.toString('base64url')}=`, 'signature_padded'],
    ['standard base64', digest.toString('base64'), 'signature_base64_standard'],
    ['a re-encoded body', digest.toString('base64url'), 'body_altered'],
  ];
  for (const [name, signature, reason] of cases) {
    it(`finds ${name} (${reason}) through timingSafeEqual`, () => {
      matches.count = 0;
      const body = reason === 'body_altered' ? Buffer.from(JSON.stringify(JSON.parse(BODY.toString()), null, 2)) : BODY;
      expect(verifySignature(body, signature, keys)).toMatchObject({ ok: false, reason });
      expect(matches.count).toBe(1);
    });
  }

  it('accepts the right signature through timingSafeEqual', () => {
    matches.count = 0;
    expect(verifySignature(BODY, digest.toString('base64url'), keys)).toEqual({ ok: true, environment: 'production' });
    expect(matches.count).toBe(1);
  });
});
