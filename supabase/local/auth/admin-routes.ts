import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { isUuid, type TAuthContext, type TRoute } from "./context.ts";
import { authErrors } from "./errors.ts";
import { bearerToken, isSameSecret, readBody } from "./http.ts";
import {
  findUserById,
  hashPassword,
  insertUser,
  toUserJson,
  validateEmail,
  validatePassword,
  type TMetadata,
  type TUserRow,
} from "./users.ts";

const ZMetadata = z.record(z.string(), z.unknown());
const ZAdminCreateUserRequest = z.object({
  email: z.string().optional(),
  password: z.string().optional(),
  email_confirm: z.boolean().optional(),
  user_metadata: ZMetadata.nullish(),
  app_metadata: ZMetadata.nullish(),
});
const ZAdminUpdateUserRequest = z.object({
  password: z.string().optional(),
  email_confirm: z.boolean().optional(),
  user_metadata: ZMetadata.nullish(),
  app_metadata: ZMetadata.nullish(),
});
const DEFAULT_PER_PAGE = 50;

/** Admin routes need the service role key as the Bearer token (Supabase's gateway maps it to a service_role JWT). */
function requireServiceRole(ctx: TAuthContext, req: IncomingMessage): void {
  const token = bearerToken(req);
  if (!token) throw authErrors.noAuthorization();
  if (!isSameSecret(token, ctx.serviceRoleKey)) throw authErrors.notAdmin();
}

async function requireUser(ctx: TAuthContext, id: string | undefined): Promise<TUserRow> {
  if (!id || !isUuid(id)) throw authErrors.validation("user_id must be an UUID");
  const user = await findUserById(ctx.sql, id);
  if (!user) throw authErrors.userNotFound();
  return user;
}

/** POST /admin/users */
export const adminCreateUser: TRoute = async (ctx, { req }) => {
  requireServiceRole(ctx, req);
  const body = await readBody(req, ZAdminCreateUserRequest);
  const email = validateEmail(body.email);
  // The password is optional for admins (a user who will sign in another way).
  if (body.password !== undefined) validatePassword(body.password);
  const user = await insertUser(ctx.sql, {
    email,
    password: body.password,
    isConfirmed: body.email_confirm === true,
    userMetadata: body.user_metadata ?? {},
    appMetadata: body.app_metadata ?? {},
    duplicate: authErrors.emailExists,
  });
  return { status: 200, body: toUserJson(user) };
};

/** GET /admin/users?page=&per_page= */
export const adminListUsers: TRoute = async (ctx, { req, query }) => {
  requireServiceRole(ctx, req);
  const page = Math.max(1, Number.parseInt(query.get("page") || "1", 10) || 1);
  const perPage = Math.max(1, Number.parseInt(query.get("per_page") || "", 10) || DEFAULT_PER_PAGE);
  const [{ count } = { count: 0 }] = await ctx.sql<{ count: number }[]>`
    select count(*)::int as count from auth.users where deleted_at is null`;
  const ids = await ctx.sql<{ id: string }[]>`
    select id from auth.users where deleted_at is null order by created_at, id
    limit ${perPage} offset ${(page - 1) * perPage}`;
  const users = await Promise.all(ids.map((row) => findUserById(ctx.sql, row.id)));
  const lastPage = Math.max(1, Math.ceil(count / perPage));
  // GoTrue's pagination headers, in the format auth-js's listUsers parses.
  const links = [
    ...(page < lastPage ? [`</admin/users?page=${page + 1}&per_page=${perPage}>; rel="next"`] : []),
    `</admin/users?page=${lastPage}&per_page=${perPage}>; rel="last"`,
  ];
  return {
    status: 200,
    body: { users: users.flatMap((u) => (u ? [toUserJson(u)] : [])), aud: "authenticated" },
    headers: { "X-Total-Count": String(count), Link: links.join(", ") },
  };
};

/** GET /admin/users/:id */
export const adminGetUser: TRoute = async (ctx, { req, params }) => {
  requireServiceRole(ctx, req);
  return { status: 200, body: toUserJson(await requireUser(ctx, params[0])) };
};

function mergeAdminMetadata(current: TMetadata | null, updates: TMetadata | null | undefined): TMetadata | undefined {
  return updates ? { ...current, ...updates } : undefined;
}

/** PUT /admin/users/:id — password, confirmation and metadata (merged, as GoTrue does). */
export const adminUpdateUser: TRoute = async (ctx, { req, params }) => {
  requireServiceRole(ctx, req);
  const user = await requireUser(ctx, params[0]);
  const body = await readBody(req, ZAdminUpdateUserRequest);
  if (body.password !== undefined) validatePassword(body.password);
  const userMetadata = mergeAdminMetadata(user.raw_user_meta_data, body.user_metadata);
  const appMetadata = mergeAdminMetadata(user.raw_app_meta_data, body.app_metadata);
  const passwordHash = body.password !== undefined ? await hashPassword(body.password) : null;
  await ctx.sql`
    update auth.users set
      encrypted_password = coalesce(${passwordHash}, encrypted_password),
      email_confirmed_at = case when ${body.email_confirm === true} then coalesce(email_confirmed_at, now())
                                else email_confirmed_at end,
      raw_user_meta_data = coalesce(${userMetadata ? JSON.stringify(userMetadata) : null}::text::jsonb, raw_user_meta_data),
      raw_app_meta_data = coalesce(${appMetadata ? JSON.stringify(appMetadata) : null}::text::jsonb, raw_app_meta_data),
      updated_at = now()
    where id = ${user.id}`;
  return { status: 200, body: toUserJson(await requireUser(ctx, user.id)) };
};

/** DELETE /admin/users/:id — hard delete; sessions and refresh tokens go with the user. */
export const adminDeleteUser: TRoute = async (ctx, { req, params }) => {
  requireServiceRole(ctx, req);
  const user = await requireUser(ctx, params[0]);
  await ctx.sql`delete from auth.users where id = ${user.id}`;
  return { status: 200, body: {} };
};
