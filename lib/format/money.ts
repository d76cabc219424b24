/**
 * Money is integer minor units everywhere (DESIGN §3); this is the one place it
 * becomes text. The currency's own minor-unit count comes from Intl, so TTD has
 * two decimals and a zero-decimal currency would have none.
 */
const LOCALE = "en-TT";

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string): Intl.NumberFormat {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat(LOCALE, { style: "currency", currency });
    formatters.set(currency, formatter);
  }
  return formatter;
}

/** 15000, "TTD" → "$150.00". */
export function formatMoney(cents: number, currency: string): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount must be a whole number of minor units, got ${cents}`);
  const formatter = formatterFor(currency);
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(cents / 10 ** digits);
}
