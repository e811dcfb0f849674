import { describe, expect, it } from 'vitest';
import { compactJson } from '../../../electron/core/export/exporters';

describe('compactJson', () => {
  it('puts a pretty-printed body on one line, keeping non-ASCII as is', () => {
    expect(compactJson('{\n  "name": "Zoë 山田"\n}')).toBe('{"name":"Zoë 山田"}');
  });
  it('keeps JSON nested too deeply for JSON.stringify on one line without throwing', () => {
    const deep = `{"eventId":"e",\n"d":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const line = compactJson(deep);
    expect(line).not.toContain('\n');
    expect(line.length).toBe(deep.length);
  });
});
