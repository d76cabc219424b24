import "server-only";
import postgres, { type Sql } from "postgres";
import { z } from "zod";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";

export const ZRequestParentLink = z.object({
  childEmail: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email("Enter a valid email address, like name@example.com.").max(255, "Use at most 255 characters.")),
});
export type TRequestParentLink = z.infer<typeof ZRequestParentLink>;

/**
 * "requested" also when no account has this email (an invitation waits for it):
 * the answer must not tell a parent which emails have accounts.
 */
export const ZRequestParentLinkResult = z.enum(["requested", "already_requested", "already_linked"]);
export type TRequestParentLinkResult = z.infer<typeof ZRequestParentLinkResult>;

const INSUFFICIENT_PRIVILEGE = "42501";
const INVALID_PARAMETER_VALUE = "22023";
const RAISE_EXCEPTION = "P0001";
const TOO_MANY_PENDING = "Too many pending invitations";
const TOO_MANY_TODAY = "Too many link requests today";

/**
 * A parent asks to follow a child's sessions, by the child's email. Runs as the
 * parent through public.request_parent_link, which decides everything: the
 * child still has to approve before anything is shared.
 */
export async function requestParentLink(options: { db: Sql; viewer: TAppViewer; childEmail: string }): Promise<TRequestParentLinkResult> {
  const { db, viewer } = options;
  if (viewer.role !== "parent") throw new AppError("forbidden", "Only a parent account can add a child.");
  const parsed = ZRequestParentLink.safeParse({ childEmail: options.childEmail });
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]?.message ?? "Enter a valid email address.");
  const { childEmail } = parsed.data;
  if (viewer.email !== null && childEmail === viewer.email.toLowerCase()) {
    throw new AppError("invalid_input", "Enter your child's own email, not yours.");
  }
  try {
    const [row] = await asUser(db, viewer, (tx) => tx<{ result: string }[]>`select public.request_parent_link(${childEmail}) as result`);
    return ZRequestParentLinkResult.parse(row?.result);
  } catch (error) {
    throw toAppError(error);
  }
}

function toAppError(error: unknown): unknown {
  if (!(error instanceof postgres.PostgresError)) return error;
  if (error.code === RAISE_EXCEPTION && error.message === TOO_MANY_PENDING) {
    const limit = error.detail ?? "Only a few requests may wait for approval at once.";
    return new AppError("rate_limited", `${limit} Once a child approves one of yours, you can add another.`);
  }
  if (error.code === RAISE_EXCEPTION && error.message === TOO_MANY_TODAY) {
    // The number lives in public.parent_link_daily_limit(); the database's detail states it.
    const limit = error.detail ?? "You have sent too many link requests today.";
    return new AppError("rate_limited", `${limit} Try again tomorrow.`);
  }
  if (error.code === INSUFFICIENT_PRIVILEGE) return new AppError("forbidden", "Only a parent account can add a child.");
  if (error.code === INVALID_PARAMETER_VALUE) return new AppError("invalid_input", `${error.message}.`);
  return error;
}
