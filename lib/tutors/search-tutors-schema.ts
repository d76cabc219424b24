import { z } from "zod";

/** Tutors per page on /tutors and `GET /api/tutors`. */
export const SEARCH_PAGE_SIZE = 20;
/** The furthest "free within N days" filter (no tutor's horizon is longer than 90 days). */
export const MAX_FREE_WITHIN_DAYS = 90;

export const SEARCH_SORTS = ["soonest", "price_asc", "price_desc", "rating"] as const;
export type TSearchSort = (typeof SEARCH_SORTS)[number];

// A URL's empty field (`?q=&subject=`) means "no filter", as a GET form sends it.
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const wholeNumber = (max: number) => z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(max).optional());

/**
 * The browse filters, from a query string (client-safe: the page's form and the route share it).
 * Prices are whole units of the currency per hour (`min_price=100` = 100.00 an hour).
 */
export const ZSearchTutorsQuery = z
  .strictObject({
    q: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
    subject: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^[a-z0-9-]{1,60}$/, "Choose a subject from the list.")
        .optional(),
    ),
    min_price: wholeNumber(100_000),
    max_price: wholeNumber(100_000),
    free_within_days: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(MAX_FREE_WITHIN_DAYS).optional()),
    sort: z.preprocess(blankToUndefined, z.enum(SEARCH_SORTS).default("soonest")),
    page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(1000).default(1)),
  })
  .refine((query) => query.min_price === undefined || query.max_price === undefined || query.min_price <= query.max_price, {
    message: "The lowest price must not be above the highest.",
    path: ["min_price"],
  });
export type TSearchTutorsQuery = z.infer<typeof ZSearchTutorsQuery>;

/** A query string's fields as one object (a repeated field is a mistake, not a list). */
export function queryFields(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    fields[key] = key in fields ? [fields[key], value].flat() : value;
  }
  return fields;
}

/**
 * The words of a search as prefix terms for `to_tsquery('simple', …)`: "phys" finds "Physics". Only
 * letters and digits survive, so the result is always a valid tsquery (or null: nothing to search by).
 */
export function prefixTsQuery(q: string | undefined): string | null {
  const words = (q ?? "").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const unique = [...new Set(words)].slice(0, 8);
  return unique.length ? unique.map((word) => `${word}:*`).join(" & ") : null;
}

/** The search the page shows, as a URL query (empty filters left out, page 1 implied). */
export function searchHref(query: Partial<TSearchTutorsQuery>, overrides: Partial<TSearchTutorsQuery> = {}): string {
  const merged = { ...query, ...overrides };
  const params = new URLSearchParams();
  for (const key of ["q", "subject", "min_price", "max_price", "free_within_days", "sort", "page"] as const) {
    const value = merged[key];
    if (value === undefined || value === "") continue;
    if (key === "sort" && value === "soonest") continue;
    if (key === "page" && value === 1) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `/tutors?${text}` : "/tutors";
}
