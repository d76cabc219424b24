/**
 * The tutor profile editor's forms (browser and server validate with the same schemas). Client-safe.
 * Limits mirror tutor_profiles' and tutor_subjects' checks; prices are typed in TT$ and kept as integer cents.
 */
import { z } from "zod";

export const MAX_DISPLAY_NAME_LENGTH = 120;
export const MAX_HEADLINE_LENGTH = 160;
export const MAX_BIO_LENGTH = 4000;
/** tutor_subjects.price_cents: between TT$1.00 and TT$100,000.00 an hour. */
export const MIN_PRICE_CENTS = 100;
export const MAX_PRICE_CENTS = 10_000_000;
export const PRICE_CURRENCY = "TTD";

export const ZTutorProfileForm = z.object({
  displayName: z
    .string()
    .trim()
    .min(1, "Enter the name students see.")
    .max(MAX_DISPLAY_NAME_LENGTH, `Use at most ${MAX_DISPLAY_NAME_LENGTH} characters.`),
  headline: z.string().trim().max(MAX_HEADLINE_LENGTH, `Use at most ${MAX_HEADLINE_LENGTH} characters.`),
  bio: z.string().trim().max(MAX_BIO_LENGTH, `Use at most ${MAX_BIO_LENGTH} characters.`),
});
export type TTutorProfileForm = z.infer<typeof ZTutorProfileForm>;

const PRICE_PATTERN = /^\d{1,6}(\.\d{1,2})?$/;

/** "150", "150.5", "150.50" → 15050 cents; null for anything else (no floats: digits are read as text). */
export function parsePriceCents(text: string): number | null {
  const value = text.trim().replace(/^TT\$/i, "").replace(/,/g, "");
  if (!PRICE_PATTERN.test(value)) return null;
  const [whole = "0", fraction = ""] = value.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/** 15050 → "150.50" (the price field's text). */
export function formatPriceInput(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

const ZPrice = z.string().transform((text, context) => {
  const cents = parsePriceCents(text);
  if (cents === null || cents < MIN_PRICE_CENTS || cents > MAX_PRICE_CENTS) {
    context.addIssue({ code: "custom", message: "Enter an hourly price in TT$ between 1.00 and 100000.00, like 150 or 150.50." });
    return z.NEVER;
  }
  return cents;
});

export const ZTutorSubjectForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("set"), subjectId: z.guid("Choose a subject from the list."), price: ZPrice }),
  z.object({ intent: z.literal("remove"), subjectId: z.guid("Choose a subject from the list.") }),
]);
export type TTutorSubjectForm = z.infer<typeof ZTutorSubjectForm>;

/** "Ada Lovelace" → "AL", "plato" → "P", "" → "?" (the avatar when there is no photo). */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  const first = [...(words[0] ?? "")][0] ?? "";
  const last = words.length > 1 ? ([...(words.at(-1) ?? "")][0] ?? "") : "";
  return (first + last).toUpperCase();
}
