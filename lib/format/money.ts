/**
 * Money is integer minor units everywhere (README "Session rules"); this is the one place it
 * becomes text. A bare "$" is ambiguous (a visitor from New York reads US dollars), so the
 * currency is always named: "TT$" for the platform's own TTD, the ISO code for any other.
 * The currency's own minor-unit count comes from Intl, so TTD has two decimals and a
 * zero-decimal currency has none.
 */
const LOCALE = "en-TT";

/** Currencies with a symbol nobody misreads; everything else is prefixed with its ISO code. */
const UNAMBIGUOUS_SYMBOLS: Record<string, string> = { TTD: "TT$" };

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string): Intl.NumberFormat {
  let formatter = formatters.get(currency);
  if (!formatter) {
    const { maximumFractionDigits } = new Intl.NumberFormat(LOCALE, { style: "currency", currency }).resolvedOptions();
    formatter = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: maximumFractionDigits, maximumFractionDigits });
    formatters.set(currency, formatter);
  }
  return formatter;
}

/** 15000, "TTD" → "TT$150.00"; 2000, "USD" → "USD 20.00"; -500, "TTD" → "−TT$5.00". */
export function formatMoney(cents: number, currency: string): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount must be a whole number of minor units, got ${cents}`);
  const code = currency.toUpperCase();
  const formatter = formatterFor(code);
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  const amount = formatter.format(Math.abs(cents) / 10 ** digits);
  const symbol = UNAMBIGUOUS_SYMBOLS[code];
  const text = symbol ? `${symbol}${amount}` : `${code} ${amount}`;
  return cents < 0 ? `−${text}` : text;
}
