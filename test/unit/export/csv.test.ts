import { describe, expect, it } from 'vitest';
import { csvField, csvRow } from '../../../electron/core/export/csv';

describe('csv (RFC 4180)', () => {
  it('quotes fields with commas, quotes and line breaks and ends records with CRLF', () => {
    expect(csvRow(['a', 'b,c', 'say "hi"', 'two\nlines', null, 3, true])).toBe('a,"b,c","say ""hi""","two\nlines",,3,true\r\n');
  });
  it('writes objects as JSON', () => {
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
  });
});
