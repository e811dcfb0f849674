/**
 * CSV per RFC 4180: fields separated by commas, records by CRLF; a field containing a comma, a double quote,
 * CR or LF is enclosed in double quotes with inner quotes doubled. null/undefined is an empty field; objects
 * are written as JSON.
 */

/** One CSV record (with its CRLF). */
export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** One CSV field, quoted when needed. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  try {
    text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch {
    text = '(nested too deeply to export)';
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
