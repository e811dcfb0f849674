import { describe, expect, it } from 'vitest';
import { bodyText } from '../../../electron/core/receiver/envelope';
import { compactJson } from '../../../electron/core/export/exporters';
import { LineWriter } from '../../../electron/core/export/line-writer';

/** What the writer hands its sink for `bodies`, as chunks of bytes. */
async function written(bodies: Buffer[], slowSink = false): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  const out = new LineWriter((chunk) => {
    chunks.push(Buffer.from(chunk as Uint8Array));
    if (slowSink) return new Promise((resolve) => setTimeout(resolve, 1));
  });
  for (const body of bodies) await out.jsonLine(body, (b) => compactJson(bodyText(b)));
  await out.flush();
  return chunks;
}

const viaStrings = (body: Buffer) => `${compactJson(bodyText(body))}\n`;

describe('LineWriter.jsonLine', () => {
  it('writes each body as compactJson(bodyText(body)) would, byte for byte, without decoding it', async () => {
    const bodies = [
      '{ "n" : 12345678901234567890, "e": 1e400, "z": -0, "k": 1, "k": 2,\r\n\t"s": "a \\" b\\\\", "u": "\\u00e9\\/" }',
      '\uFEFF{"name": "Zoë 山田 😀", "q": "\\\\\\"", "sp": "  ", "t": ["a b", { "c" : "d\\\\" }] }  \t',
      JSON.stringify({ eventId: 'e', eventData: { profile: { firstName: 'Ἀλέξανδρος', lastName: 'Ångström-Müller' } } }),
      '{"unterminated": "a b',
    ].map((text) => Buffer.from(text));
    const chunks = await written(bodies);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(bodies.map(viaStrings).join(''));
    expect(Buffer.concat(chunks).toString('utf8').split('\n')[1]).toBe('{"name":"Zoë 山田 😀","q":"\\\\\\"","sp":"  ","t":["a b",{"c":"d\\\\"}]}');
  });

  it('reads a body that is not UTF-8 through the string path, as before (U+FFFD)', async () => {
    const latin1 = Buffer.from('{"name": "Ren\xe9"}', 'latin1');
    expect(Buffer.concat(await written([latin1])).toString('utf8')).toBe('{"name":"Ren\uFFFD"}\n');
  });

  it('hands over chunks of about a megabyte that end at a line end, waiting for a slow sink', async () => {
    const body = Buffer.from(JSON.stringify({ eventId: 'e', data: 'é'.repeat(700) }));
    const bodies = Array.from({ length: 2_000 }, () => body);
    const chunks = await written(bodies, true);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(1024 * 1024);
      expect(chunk.at(-1)).toBe(0x0a);
    }
    expect(Buffer.concat(chunks).toString('utf8')).toBe(bodies.map(viaStrings).join(''));
  });

  it('writes a line longer than a chunk whole', async () => {
    const body = Buffer.from(JSON.stringify({ eventId: 'e', data: 'x y'.repeat(600_000) }));
    const chunks = await written([Buffer.from('{"a": 1}'), body]);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(`{"a":1}\n${body.toString('utf8')}\n`);
  });
});
