/**
 * The journal's event line: byte for byte what JSON.stringify of the decoded body gives (the encoder never
 * decodes the body), and decoded back to the exact bytes received.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeLine, encodeEventLine } from '../../../electron/core/store/journal-format';

const fields = {
  seq: 7,
  eventId: 'ev_1',
  receivedAt: '2026-11-29T10:00:00.000Z',
  environment: 'production',
  integrationId: 'int_Åström',
  headers: { 'x-knit-signature': 'abc', 'content-type': 'application/json' },
  flags: [{ code: 'schema' as const, message: 'Does not match "record.new": 名前' }],
};

const bodies: Record<string, Buffer> = {
  'the guide fixture': readFileSync(new URL('../../fixtures/guide/record.new.json', import.meta.url)),
  'quotes, backslashes and every control character': Buffer.from(
    JSON.stringify({ eventId: 'ev_1', eventType: 'record.new', text: `"\\/ ${Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('')} \u007f` }),
  ),
  'two-, three- and four-byte UTF-8, U+2028 and a BOM': Buffer.from(`\ufeff{"eventId":"ev_1","eventType":"x","n":"Zoë 山田 😀 \u2028\u2029 \u0080\u009f"}`),
  'pretty-printed with newlines and tabs': Buffer.from('{\n\t"eventId": "ev_1",\n\t"eventType": "x"\n}\r\n'),
};

describe('encodeEventLine', () => {
  for (const [name, raw] of Object.entries(bodies)) {
    it(`writes ${name} as JSON.stringify of the decoded body would, and decodes it back exactly`, () => {
      const line = encodeEventLine(fields, raw);
      expect(line.equals(Buffer.from(`${JSON.stringify({ ...fields, body: raw.toString('utf8') })}\n`))).toBe(true);
      const decoded = decodeLine(line.subarray(0, -1));
      expect(decoded?.kind).toBe('event');
      expect(decoded?.kind === 'event' && decoded.raw.equals(raw)).toBe(true);
      expect(decoded?.kind === 'event' && decoded.line.integrationId).toBe('int_Åström');
    });
  }

  it('keeps bytes that are not UTF-8 as base64', () => {
    const raw = Buffer.from([0x7b, 0xe9, 0xff, 0x22, 0x7d]);
    const line = encodeEventLine(fields, raw);
    expect(JSON.parse(line.toString('utf8'))).toMatchObject({ seq: 7, bodyBase64: raw.toString('base64') });
    const decoded = decodeLine(line.subarray(0, -1));
    expect(decoded?.kind === 'event' && decoded.raw.equals(raw)).toBe(true);
  });
});
