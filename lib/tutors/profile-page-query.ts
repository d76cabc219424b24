import { z } from "zod";

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" ? value : undefined), schema.optional().catch(undefined));

/**
 * The profile page's choice, from its URL: lesson length, subject and slot. A value that does not parse is
 * ignored (the page falls back to its defaults) — a stale shared link must still show the tutor. Client-safe.
 */
export const ZProfilePageQuery = z.object({
  length: optional(z.coerce.number().int().min(15).max(180)),
  subject: optional(z.uuid()),
  start: optional(z.iso.datetime({ offset: true })),
});
export type TProfilePageQuery = z.infer<typeof ZProfilePageQuery>;

/** The profile page's URL for a choice (what sign-in returns to). */
export function profileHref(tutorId: string, choice: { length?: number; subject?: string; start?: string }): string {
  const params = new URLSearchParams();
  if (choice.subject) params.set("subject", choice.subject);
  if (choice.length) params.set("length", String(choice.length));
  if (choice.start) params.set("start", choice.start);
  const text = params.toString();
  return text ? `/tutors/${tutorId}?${text}` : `/tutors/${tutorId}`;
}
