/**
 * CSV per RFC 4180: fields separated by commas, records by CRLF; a field containing a comma, a double quote,
 * CR or LF is enclosed in double quotes with inner quotes doubled. null/undefined is an empty field; objects
 * are written as JSON. A text field beginning with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so that a
 * spreadsheet shows it instead of running it as a formula (OWASP "CSV Injection"). A CSV file starts with the
 * UTF-8 byte order mark, which spreadsheets need to read non-ASCII names as UTF-8.
 */

/** The UTF-8 byte order mark (U+FEFF) a CSV file starts with. */
export const CSV_BOM = '\uFEFF';

/** The first characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV record (with its CRLF). */
export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** One CSV field, neutralized when it could run as a formula, quoted when needed. Numbers are kept as they are. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  try {
    text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch {
    text = '(nested too deeply to export)';
  }
  if (typeof value !== 'number' && typeof value !== 'bigint' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
