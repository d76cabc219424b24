import bcrypt from "bcryptjs";
import type postgres from "postgres";
import { authErrors } from "./errors.ts";

/** Any postgres.js handle: the pool or a transaction. */
export type TDb = postgres.ISql;

// GoTrue's rules (the local endpoint must behave like Supabase Auth).
const BCRYPT_COST = 10;
const MIN_PASSWORD_LENGTH = 6;
const MAX_PASSWORD_BYTES = 72;
const EMAIL_PATTERN =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
// Compared against when the email is unknown, so a miss costs as long as a wrong password.
const DUMMY_HASH = bcrypt.hashSync("local-auth-timing-equaliser", BCRYPT_COST);

export type TMetadata = Record<string, unknown>;

export type TUserRow = {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: TMetadata | null;
  raw_user_meta_data: TMetadata | null;
  created_at: Date | null;
  updated_at: Date | null;
  phone: string | null;
  banned_until: Date | null;
  is_anonymous: boolean;
};

const USER_COLUMNS = [
  "id",
  "aud",
  "role",
  "email",
  "encrypted_password",
  "email_confirmed_at",
  "last_sign_in_at",
  "raw_app_meta_data",
  "raw_user_meta_data",
  "created_at",
  "updated_at",
  "phone",
  "banned_until",
  "is_anonymous",
] as const;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Validates a new user's email and password in GoTrue's order, with GoTrue's errors. */
export function validateCredentials(email: string | undefined, password: string | undefined): { email: string; password: string } {
  if (!email || email.trim().length === 0) throw authErrors.validation("An email address is required");
  if (!password) throw authErrors.validation("Signup requires a valid password");
  const normalized = validateEmail(email);
  validatePassword(password);
  return { email: normalized, password };
}

/** Returns the normalized email, or throws GoTrue's validation error. */
export function validateEmail(email: string | undefined): string {
  const normalized = normalizeEmail(email ?? "");
  if (normalized.length === 0) throw authErrors.validation("An email address is required");
  if (normalized.length > 255 || !EMAIL_PATTERN.test(normalized)) {
    throw authErrors.validation("Unable to validate email address: invalid format");
  }
  return normalized;
}

export function validatePassword(password: string): void {
  if (Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES) {
    throw authErrors.validation(`Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`);
  }
  if ([...password].length < MIN_PASSWORD_LENGTH) throw authErrors.weakPassword();
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

/** Checks a password against a user's hash (or a dummy hash when there is no user). */
export async function isPasswordCorrect(user: TUserRow | undefined, password: string): Promise<boolean> {
  const hash = user?.encrypted_password || DUMMY_HASH;
  const isMatch = await bcrypt.compare(password, hash);
  return isMatch && Boolean(user?.encrypted_password);
}

export async function findUserByEmail(db: TDb, email: string): Promise<TUserRow | undefined> {
  const [user] = await db<TUserRow[]>`
    select ${db(USER_COLUMNS)} from auth.users
    where lower(email) = ${normalizeEmail(email)} and is_sso_user = false and deleted_at is null`;
  return user;
}

export async function findUserById(db: TDb, id: string): Promise<TUserRow | undefined> {
  const [user] = await db<TUserRow[]>`
    select ${db(USER_COLUMNS)} from auth.users where id = ${id} and deleted_at is null`;
  return user;
}

/**
 * Inserts a user the way GoTrue's email provider does: the identity data
 * (`sub`, `email`, `email_verified`, `phone_verified`) merged into the user
 * metadata, `{provider: "email", providers: ["email"]}` in the app metadata.
 * A duplicate email throws `duplicate`; anything else the database raises
 * (a failing auth.users trigger) is GoTrue's "Database error saving new user".
 */
export async function insertUser(
  db: TDb,
  input: {
    email: string;
    password?: string;
    isConfirmed: boolean;
    userMetadata?: TMetadata;
    appMetadata?: TMetadata;
    duplicate: () => Error;
  },
): Promise<TUserRow> {
  const id = crypto.randomUUID();
  const encryptedPassword = input.password ? await hashPassword(input.password) : "";
  const userMetadata = {
    ...input.userMetadata,
    sub: id,
    email: input.email,
    email_verified: input.isConfirmed,
    phone_verified: false,
  };
  const appMetadata = { provider: "email", providers: ["email"], ...input.appMetadata };
  // JSON goes in as text: a bare parameter typed jsonb would be JSON-encoded a second time by postgres.js.
  try {
    const [user] = await db<TUserRow[]>`
      insert into auth.users (id, instance_id, aud, role, email, encrypted_password, email_confirmed_at,
                              raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
      values (${id}, '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated', ${input.email},
              ${encryptedPassword}, ${input.isConfirmed ? new Date() : null},
              ${JSON.stringify(appMetadata)}::text::jsonb, ${JSON.stringify(userMetadata)}::text::jsonb, now(), now())
      returning ${db(USER_COLUMNS)}`;
    if (!user) throw authErrors.databaseSavingUser();
    return user;
  } catch (error) {
    if (isUniqueEmailViolation(error)) throw input.duplicate();
    throw Object.assign(authErrors.databaseSavingUser(), { cause: error });
  }
}

function isUniqueEmailViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = "code" in error ? error.code : undefined;
  const constraint = "constraint_name" in error ? error.constraint_name : undefined;
  return code === "23505" && constraint === "users_email_partial_key";
}

function iso(date: Date | null): string | undefined {
  return date ? date.toISOString() : undefined;
}

/** The user object GoTrue returns (fields it omits when empty are left undefined). */
export function toUserJson(user: TUserRow): Record<string, unknown> {
  const userMetadata = user.raw_user_meta_data ?? {};
  const email = user.email ?? "";
  return {
    id: user.id,
    aud: user.aud ?? "authenticated",
    role: user.role ?? "authenticated",
    email,
    email_confirmed_at: iso(user.email_confirmed_at),
    phone: user.phone ?? "",
    confirmed_at: iso(user.email_confirmed_at),
    last_sign_in_at: iso(user.last_sign_in_at),
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: userMetadata,
    // There is no auth.identities table locally: the email identity is derived from the user.
    identities: [
      {
        identity_id: user.id,
        id: user.id,
        user_id: user.id,
        identity_data: { email, email_verified: Boolean(user.email_confirmed_at), phone_verified: false, sub: user.id },
        provider: "email",
        last_sign_in_at: iso(user.last_sign_in_at),
        created_at: iso(user.created_at),
        updated_at: iso(user.updated_at),
        email,
      },
    ],
    created_at: iso(user.created_at),
    updated_at: iso(user.updated_at),
    is_anonymous: user.is_anonymous,
  };
}
