/**
 * What a cell may start with that a spreadsheet would run as a formula (= + - @, or a leading tab, CR or LF, as
 * OWASP's CSV-injection guidance lists them), and the apostrophe the guard itself adds.
 */
const GUARDED_START = /^[=+\-@\t\r\n']/;

/** Whether csvCell puts an apostrophe before this text; a reader removes it again from exactly these (csv-read.ts). */
export function needsFormulaGuard(value: string): boolean {
  return GUARDED_START.test(value);
}

/**
 * One CSV field (RFC 4180). Text a spreadsheet would run as a formula gets a leading apostrophe: an audit row's
 * user agent or summary is attacker-controlled text. Text that already starts with an apostrophe gets one too, so a
 * reader removes exactly one and gets the original back (verify-csv.ts).
 */
export function csvCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  const safe = needsFormulaGuard(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: readonly (string | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
