import { z } from "zod";

/** profiles.full_name keeps at most 200 characters; a name is asked to be shorter. */
export const MAX_FULL_NAME_LENGTH = 120;

// An IANA name ("America/Port_of_Spain", "UTC"), not an offset ("+04:00") that Intl also accepts.
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** True for a zone name Intl knows. Postgres checks it again (public.is_valid_timezone). */
export function isIanaTimeZone(zone: string): boolean {
  if (zone.length > 64 || !IANA_NAME.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The account settings form (browser and server validate with the same schema). Client-safe. */
export const ZAccountForm = z.object({
  fullName: z.string().trim().min(1, "Enter your name.").max(MAX_FULL_NAME_LENGTH, `Use at most ${MAX_FULL_NAME_LENGTH} characters.`),
  timezone: z.string().trim().refine(isIanaTimeZone, "Choose a time zone from the list, like America/Port_of_Spain."),
});
export type TAccountForm = z.infer<typeof ZAccountForm>;
