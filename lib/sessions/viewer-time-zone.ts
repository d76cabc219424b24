import type { Tx } from "@/lib/db";
import { resolveTimeZone } from "@/lib/format/date-time";

/** The viewer's own time zone (profiles.timezone), or the platform's when unset or unknown. */
export async function viewerTimeZone(tx: Tx, viewerId: string): Promise<string> {
  const [profile] = await tx<{ timezone: string }[]>`select timezone from public.profiles where id = ${viewerId}`;
  return resolveTimeZone(profile?.timezone);
}
