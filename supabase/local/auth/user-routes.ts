import { z } from "zod";
import { authenticate, clientInfo, type TRoute } from "./context.ts";
import { authErrors, GoTrueError } from "./errors.ts";
import { readBody } from "./http.ts";
import { endSessions, refreshSession, startSession, type TSignOutScope } from "./sessions.ts";
import {
  findUserByEmail,
  findUserById,
  hashPassword,
  insertUser,
  isPasswordCorrect,
  normalizeEmail,
  toUserJson,
  validateCredentials,
  validatePassword,
  type TMetadata,
} from "./users.ts";

const ZMetadata = z.record(z.string(), z.unknown());
const ZSignupRequest = z.object({
  email: z.string().optional(),
  phone: z.string().optional(),
  password: z.string().optional(),
  data: ZMetadata.nullish(),
});
const ZPasswordGrantRequest = z.object({ email: z.string().optional(), phone: z.string().optional(), password: z.string().optional() });
const ZRefreshGrantRequest = z.object({ refresh_token: z.string().optional() });
const ZUpdateUserRequest = z.object({
  email: z.string().nullish(),
  password: z.string().nullish(),
  data: ZMetadata.nullish(),
});
const SIGN_OUT_SCOPES: readonly TSignOutScope[] = ["global", "local", "others"];

const phoneDisabled = () => new GoTrueError(422, "phone_provider_disabled", "Phone signups are disabled");

/** POST /signup — email confirmation is off locally, so it signs the user in at once (autoconfirm). */
export const signUp: TRoute = async (ctx, { req }) => {
  const body = await readBody(req, ZSignupRequest);
  if (!body.email && body.phone) throw phoneDisabled();
  const { email, password } = validateCredentials(body.email, body.password);
  const session = await ctx.sql.begin(async (tx) => {
    if (await findUserByEmail(tx, email)) throw authErrors.userAlreadyExists();
    const user = await insertUser(tx, {
      email,
      password,
      isConfirmed: true,
      userMetadata: body.data ?? {},
      duplicate: authErrors.userAlreadyExists,
    });
    return startSession(tx, ctx.settings, user, clientInfo(req));
  });
  return { status: 200, body: session };
};

/** POST /token?grant_type=password|refresh_token */
export const token: TRoute = async (ctx, { req, query }) => {
  const grantType = query.get("grant_type");
  if (grantType === "password") {
    const body = await readBody(req, ZPasswordGrantRequest);
    if (!body.email && body.phone) throw authErrors.invalidCredentials();
    if (!body.email) throw authErrors.validation("missing email or phone");
    const user = await findUserByEmail(ctx.sql, body.email);
    if (user?.banned_until && user.banned_until.getTime() > Date.now()) throw authErrors.userBanned();
    if (!(await isPasswordCorrect(user, body.password ?? "")) || !user) throw authErrors.invalidCredentials();
    if (!user.email_confirmed_at) throw authErrors.emailNotConfirmed();
    return { status: 200, body: await startSession(ctx.sql, ctx.settings, user, clientInfo(req)) };
  }
  if (grantType === "refresh_token") {
    const body = await readBody(req, ZRefreshGrantRequest);
    if (!body.refresh_token) throw authErrors.validation("refresh_token required");
    return { status: 200, body: await refreshSession(ctx.sql, ctx.settings, body.refresh_token) };
  }
  throw authErrors.unsupportedGrant();
};

/** GET /user */
export const getUser: TRoute = async (ctx, { req }) => {
  const { user } = await authenticate(ctx, req);
  return { status: 200, body: toUserJson(user) };
};

function mergeMetadata(current: TMetadata, updates: TMetadata): TMetadata {
  // GoTrue's UpdateUserMetaData: top-level keys replace, a null value removes the key.
  const merged: TMetadata = { ...current };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** PUT /user — user metadata and password; a new password ends the user's other sessions, as GoTrue does. */
export const updateUser: TRoute = async (ctx, { req }) => {
  const { user, claims } = await authenticate(ctx, req);
  const body = await readBody(req, ZUpdateUserRequest);
  if (body.email && normalizeEmail(body.email) !== user.email) {
    throw authErrors.validation("Changing the email address is not supported by the local auth endpoint");
  }
  await ctx.sql.begin(async (tx) => {
    if (body.data) {
      const metadata = mergeMetadata(user.raw_user_meta_data ?? {}, body.data);
      await tx`update auth.users set raw_user_meta_data = ${JSON.stringify(metadata)}::text::jsonb, updated_at = now()
               where id = ${user.id}`;
    }
    if (body.password) {
      validatePassword(body.password);
      if (await isPasswordCorrect(user, body.password)) throw authErrors.samePassword();
      await tx`update auth.users set encrypted_password = ${await hashPassword(body.password)}, updated_at = now()
               where id = ${user.id}`;
      await endSessions(tx, user.id, claims.session_id, "others");
    }
  });
  const updated = await findUserById(ctx.sql, user.id);
  if (!updated) throw authErrors.userNotFoundFromJwt();
  return { status: 200, body: toUserJson(updated) };
};

/** POST /logout?scope=global|local|others */
export const logout: TRoute = async (ctx, { req, query }) => {
  const { user, claims } = await authenticate(ctx, req);
  const scope = query.get("scope") ?? "global";
  const known = SIGN_OUT_SCOPES.find((s) => s === scope);
  if (!known) throw authErrors.validation(`Unsupported logout scope "${scope}"`);
  await endSessions(ctx.sql, user.id, claims.session_id, known);
  return { status: 204 };
};
