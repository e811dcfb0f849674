import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvField, csvRow } from '../../../electron/core/export/csv';

describe('csv (RFC 4180)', () => {
  it('quotes fields with commas, quotes and line breaks and ends records with CRLF', () => {
    expect(csvRow(['a', 'b,c', 'say "hi"', 'two\nlines', null, 3, true])).toBe('a,"b,c","say ""hi""","two\nlines",,3,true\r\n');
  });
  it('writes objects as JSON', () => {
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
  });
  it('neutralizes text cells a spreadsheet would run as a formula, and keeps numbers', () => {
    expect(['=1+1', '+49 30 1234', '-2', '@SUM(A1)', '\tx', '\rx'].map(csvField)).toEqual(["'=1+1", "'+49 30 1234", "'-2", "'@SUM(A1)", "'\tx", `"'\rx"`]);
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField(-2)).toBe('-2');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('Zoë')).toBe('Zoë');
    expect(CSV_BOM).toBe('\uFEFF');
  });
});
