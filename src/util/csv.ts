/**
 * CSV as RFC 4180 defines it (no CSV library is in the offline npm cache): fields separated by
 * commas, records ended by CRLF; a field holding a comma, a double quote, CR or LF is enclosed
 * in double quotes, and a double quote inside is doubled (section 2, rules 5-7).
 */

/** One field, quoted when it must be. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * @param records the header first, then the rows
 * @returns the whole file, every record ended by CRLF
 */
export function toCsv(records: readonly (readonly (string | number)[])[]): string {
  return records.map((r) => r.map(csvField).join(',') + '\r\n').join('');
}
