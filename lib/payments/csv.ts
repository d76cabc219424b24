/**
 * CSV as RFC 4180 says (CRLF line ends; a field with a comma, quote or line break is quoted, quotes
 * doubled), safe to open in a spreadsheet: a text cell starting with = + - @ or a tab/CR would run as a
 * formula (CSV injection), so it gets a leading apostrophe. Numbers are written as they are.
 */
export type TCsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: TCsvCell): string {
  if (value === null) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`a CSV number must be finite, got ${value}`);
    return String(value);
  }
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly TCsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** Minor units as a plain decimal string ("1500" → "15.00"), for spreadsheets; never through floats. */
export function centsToDecimal(cents: number, fractionDigits = 2): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount must be whole minor units, got ${cents}`);
  if (fractionDigits === 0) return String(cents);
  const sign = cents < 0 ? "-" : "";
  const digits = String(Math.abs(cents)).padStart(fractionDigits + 1, "0");
  return `${sign}${digits.slice(0, -fractionDigits)}.${digits.slice(-fractionDigits)}`;
}
