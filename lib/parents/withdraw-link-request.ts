import "server-only";
import type { Sql } from "postgres";
import { z } from "zod";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";

export const ZWithdrawLinkRequest = z.object({
  childEmail: z.string().trim().toLowerCase().pipe(z.email("This request is not valid any more. Reload the page.").max(255)),
});
export type TWithdrawLinkRequest = z.infer<typeof ZWithdrawLinkRequest>;

/**
 * The parent withdraws a request the child has not approved, by the email asked for:
 * a pending link and an invitation are withdrawn alike (public.withdraw_parent_link_request),
 * so the answer says nothing about whether the email has an account. The daily cap
 * still counts the withdrawn request.
 */
export async function withdrawLinkRequest(options: { db: Sql; viewer: TAppViewer; childEmail: string }): Promise<void> {
  const { db, viewer, childEmail } = options;
  if (viewer.role !== "parent") throw new AppError("forbidden", "Only the parent who asked can withdraw the request.");
  const [row] = await asUser(
    db,
    viewer,
    (tx) => tx<{ withdrawn: boolean }[]>`
    select public.withdraw_parent_link_request(${childEmail.trim().toLowerCase()}) as withdrawn
  `,
  );
  if (row?.withdrawn !== true) throw new AppError("not_found", "This request was already approved or withdrawn.");
}
