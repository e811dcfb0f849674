/**
 * The journal's event line: a body that is a one-line JSON object is embedded as it is (`"event"`), any other
 * UTF-8 body is byte for byte what JSON.stringify of the decoded body gives (`"body"`, the encoder never
 * decodes it), other bytes are base64; every form decodes back to the exact bytes received.
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
  headers: { 'x-knit-signature': 'abc', 'x-knit-note': 'a quote ","event":{" in a header', 'content-type': 'application/json' },
  flags: [{ code: 'schema' as const, message: 'Does not match "record.new": 名前' }],
};

function decodedRaw(line: Buffer): Buffer | null {
  const decoded = decodeLine(line.subarray(0, -1));
  expect(decoded?.kind === 'event' && decoded.line).toMatchObject({
    seq: 7,
    eventId: 'ev_1',
    integrationId: 'int_Åström',
    headers: fields.headers,
    flags: fields.flags,
  });
  return decoded?.kind === 'event' ? decoded.raw : null;
}

const oneLine: Record<string, Buffer> = {
  'quotes, backslashes and every control character escaped': Buffer.from(
    JSON.stringify({ eventId: 'ev_1', eventType: 'record.new', text: `"\\/ ${Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('')} \u007f` }),
  ),
  'two-, three- and four-byte UTF-8 and U+2028': Buffer.from('{"eventId":"ev_1","eventType":"x","n":"Zoë 山田 😀 \u2028\u2029 \u0080\u009f"}'),
  'a nested "event" key and spaces inside and after': Buffer.from('{ "eventId" : "ev_1", "eventType":"x", "data": {"a":1,"event":{"b":"},\\"event\\":"}} }\t '),
};

const asString: Record<string, Buffer> = {
  'the guide fixture (pretty-printed)': readFileSync(new URL('../../fixtures/guide/record.new.json', import.meta.url)),
  'a space before the object': Buffer.from(' {"eventId":"ev_1","eventType":"x"}'),
  'a BOM': Buffer.from('\ufeff{"eventId":"ev_1","eventType":"x"}'),
  'CR LF at the end': Buffer.from('{"eventId":"ev_1","eventType":"x"}\r\n'),
  'a no-break space after the object': Buffer.from('{"eventId":"ev_1","eventType":"x"}\u00a0'),
  'pretty-printed with tabs and a nested "event" key': Buffer.from('{\n\t"eventId": "ev_1",\n\t"event": {"eventType": "x"}\n}'),
};

describe('encodeEventLine', () => {
  for (const [name, raw] of Object.entries(oneLine)) {
    it(`embeds a one-line object (${name}) as it is, and decodes it back exactly`, () => {
      const line = encodeEventLine(fields, raw);
      expect(line.equals(Buffer.concat([Buffer.from(`${JSON.stringify(fields).slice(0, -1)},"event":`), raw, Buffer.from('}\n')]))).toBe(true);
      expect(JSON.parse(line.toString('utf8')).event).toEqual(JSON.parse(raw.toString('utf8')));
      expect(decodedRaw(line)?.equals(raw)).toBe(true);
    });
  }

  for (const [name, raw] of Object.entries(asString)) {
    it(`writes a body with ${name} as JSON.stringify of the decoded body would, and decodes it back exactly`, () => {
      const line = encodeEventLine(fields, raw);
      expect(line.equals(Buffer.from(`${JSON.stringify({ ...fields, body: raw.toString('utf8') })}\n`))).toBe(true);
      expect(decodedRaw(line)?.equals(raw)).toBe(true);
    });
  }

  it('keeps bytes that are not UTF-8 as base64', () => {
    const raw = Buffer.from([0x7b, 0xe9, 0xff, 0x22, 0x7d]);
    const line = encodeEventLine(fields, raw);
    expect(JSON.parse(line.toString('utf8'))).toMatchObject({ seq: 7, bodyBase64: raw.toString('base64') });
    expect(decodedRaw(line)?.equals(raw)).toBe(true);
  });
});

describe('decodeLine', () => {
  it("refuses an embedded line cut short or with a broken head (a broken body is the replay's envelope check)", () => {
    const line = encodeEventLine(fields, Buffer.from('{"eventId":"ev_1","eventType":"x"}')).subarray(0, -1);
    expect(decodeLine(line.subarray(0, line.indexOf(',"event":') + 4))).toBeNull();
    expect(decodeLine(Buffer.from(`${line.toString('utf8')} `))).toBeNull();
    expect(decodeLine(Buffer.concat([Buffer.from('{"seq":7,"eventId":'), line.subarray(line.indexOf(',"event":'))]))).toBeNull();
    expect(decodeLine(Buffer.from(line.toString('utf8').replace('"seq":7', '"seq":"7"')))).toBeNull();
  });
});
