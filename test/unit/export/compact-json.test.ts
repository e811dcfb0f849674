import { describe, expect, it } from 'vitest';
import { compactJson } from '../../../electron/core/export/exporters';

describe('compactJson', () => {
  it('puts a pretty-printed body on one line, keeping non-ASCII as is', () => {
    expect(compactJson('{\n  "name": "Zoë 山田"\n}')).toBe('{"name":"Zoë 山田"}');
  });
  it('keeps JSON nested too deeply for JSON.stringify on one line without throwing', () => {
    const deep = `{"eventId":"e",\n"d":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(compactJson(deep)).toBe(deep.replace('\n', ''));
  });
  it('keeps every token as received: big and negative-zero numbers, duplicate keys, escapes, spaces in strings', () => {
    const body = '{ "n" : 12345678901234567890, "e": 1e400, "z": -0, "k": 1, "k": 2,\r\n\t"s": "a \\" b\\\\", "u": "\\u00e9\\/" }';
    expect(compactJson(body)).toBe('{"n":12345678901234567890,"e":1e400,"z":-0,"k":1,"k":2,"s":"a \\" b\\\\","u":"\\u00e9\\/"}');
  });
  it('gives a compact body back unchanged, as JSON.stringify would write it', () => {
    const compact = JSON.stringify({ eventId: 'e', name: 'Daniel Brown', list: [1, { a: 'x y' }], q: 'say "hi" \\ ' });
    expect(compactJson(compact)).toBe(compact);
    expect(compactJson(JSON.stringify(JSON.parse(compact), null, 2))).toBe(compact);
  });
});
