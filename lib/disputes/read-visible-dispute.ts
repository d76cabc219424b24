import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asUser, type Viewer } from "@/lib/db";
import { disputeColumns, toDisputeRow, type TDisputeRow } from "./dispute-row";

/** A dispute as the viewer may see it under RLS (its lesson's people and admins); anyone else gets not_found. */
export async function readVisibleDispute(options: { db: Sql; viewer: Viewer; disputeId: string }): Promise<TDisputeRow> {
  const { db, viewer, disputeId } = options;
  const [row] = await asUser(db, viewer, (tx) => tx`select ${disputeColumns(tx)} from public.disputes where id = ${disputeId}`);
  if (!row) throw new AppError("not_found", "There is no dispute with this id that you can see.");
  return toDisputeRow(row);
}
