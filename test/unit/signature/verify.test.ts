import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../../electron/core/signature/verify';
import { knitSignature } from '../../../electron/core/signature/sign';

// Vectors computed independently with openssl, not with our code:
//   printf '{"eventId":"e_1","eventType":"record.new"}' > v1.json
//   openssl dgst -sha256 -hmac test_key_production_123 -binary v1.json | basenc --base64url   (then strip "=")
//   openssl dgst -sha256 -hmac test_key_production_123 -hex -r v1.json
//   openssl dgst -sha256 -hmac test_key_production_123 -binary v1.json | base64
const BODY = Buffer.from('{"eventId":"e_1","eventType":"record.new"}');
const KEY = 'test_key_production_123';
const B64URL = 'GvlGiGbOrGYrEtghIqM_H5-_rvCCLrF1wkqLbcVgpHo';
const HEX = '1af9468866ceac662b12d82122a33f1f9fbfaef0822eb175c24a8b6dc560a47a';
const B64 = 'GvlGiGbOrGYrEtghIqM/H5+/rvCCLrF1wkqLbcVgpHo=';
const keys = [
  { environment: 'production', key: KEY },
  { environment: 'sandbox', key: 'sandbox_key_456789' },
];

describe('verifySignature', () => {
  it('agrees with openssl', () => {
    expect(knitSignature(BODY, KEY)).toBe(B64URL);
  });

  it('accepts the right signature and records the environment whose key matched', () => {
    expect(verifySignature(BODY, B64URL, keys)).toEqual({ ok: true, environment: 'production' });
    expect(verifySignature(BODY, B64URL, [...keys].reverse())).toEqual({ ok: true, environment: 'production' });
    expect(verifySignature(BODY, knitSignature(BODY, 'sandbox_key_456789'), keys)).toEqual({ ok: true, environment: 'sandbox' });
  });

  const cases: Array<[string, string | undefined, string]> = [
    ['no header', undefined, 'signature_missing'],
    ['an empty header', '  ', 'signature_empty'],
    ['hex', HEX, 'signature_hex'],
    ['upper-case hex', HEX.toUpperCase(), 'signature_hex'],
    ['standard base64', B64, 'signature_base64_standard'],
    ['standard base64 unpadded', B64.replace(/=$/, ''), 'signature_base64_standard'],
    ['padded base64url', `${B64URL}=`, 'signature_padded'],
    ['not base64url', 'sha256=abc def!', 'signature_malformed'],
    ['another key', knitSignature(BODY, 'someone_elses_key'), 'signature_mismatch'],
  ];
  for (const [name, header, reason] of cases) {
    it(`diagnoses ${name} as ${reason}`, () => {
      const result = verifySignature(BODY, header, keys);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toBe(reason);
    });
  }

  it('says which environments were tried, never the keys', () => {
    const result = verifySignature(BODY, knitSignature(BODY, 'other'), keys);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.detail).toContain('production, sandbox');
    expect(result.detail).not.toContain(KEY);
    expect(result.detail).not.toContain('sandbox_key_456789');
  });

  it('reports no_key_configured when no key is set', () => {
    const result = verifySignature(BODY, B64URL, []);
    expect(result).toMatchObject({ ok: false, reason: 'no_key_configured' });
  });

  it('diagnoses a body re-serialized in transit (signed compact, received pretty-printed)', () => {
    const pretty = Buffer.from(JSON.stringify(JSON.parse(BODY.toString()), null, 2));
    expect(verifySignature(pretty, B64URL, keys)).toMatchObject({ ok: false, reason: 'body_altered' });
  });

  it('diagnoses a body whose trailing newline or BOM was added in transit', () => {
    expect(verifySignature(Buffer.concat([BODY, Buffer.from('\r\n')]), B64URL, keys)).toMatchObject({ reason: 'body_altered' });
    expect(verifySignature(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), BODY]), B64URL, keys)).toMatchObject({ reason: 'body_altered' });
  });

  it('verifies over the raw bytes: a BOM and trailing whitespace are part of what is signed', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), BODY, Buffer.from('\n')]);
    expect(verifySignature(withBom, knitSignature(withBom, KEY), keys)).toEqual({ ok: true, environment: 'production' });
  });
});
