import "server-only";
import type { ISql } from "postgres";

/** A person's name as notifications show it ("Someone" for an account without one). */
export async function readDisplayName(tx: ISql, userId: string): Promise<string> {
  const [row] = await tx<{ full_name: string }[]>`select full_name from public.profiles where id = ${userId}`;
  return row?.full_name.trim() || "Someone";
}
