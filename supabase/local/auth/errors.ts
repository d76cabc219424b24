/**
 * GoTrue's error shapes. Bodies carry both `code` (read by auth-js when the
 * response declares API version 2024-01-01) and `error_code` (read otherwise),
 * plus `msg`, so `error.code` and `error.message` in supabase-js match Supabase.
 */
export class GoTrueError extends Error {
  readonly status: number;
  readonly code: string;
  readonly extra: Record<string, unknown>;

  constructor(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = "GoTrueError";
    this.status = status;
    this.code = code;
    this.extra = extra;
  }

  toBody(): Record<string, unknown> {
    return { code: this.code, error_code: this.code, msg: this.message, ...this.extra };
  }
}

const INVALID_JWT = "invalid JWT: unable to parse or verify signature";

/** The errors this endpoint answers with, worded as GoTrue words them. */
export const authErrors = {
  badJson: (detail: string) => new GoTrueError(400, "bad_json", `Could not parse request body as JSON: ${detail}`),
  validation: (message: string) => new GoTrueError(400, "validation_failed", message),
  weakPassword: () =>
    new GoTrueError(422, "weak_password", "Password should be at least 6 characters.", {
      weak_password: { reasons: ["length"] },
    }),
  samePassword: () => new GoTrueError(422, "same_password", "New password should be different from the old password."),
  userAlreadyExists: () => new GoTrueError(422, "user_already_exists", "User already registered"),
  emailExists: () => new GoTrueError(422, "email_exists", "A user with this email address has already been registered"),
  invalidCredentials: () => new GoTrueError(400, "invalid_credentials", "Invalid login credentials"),
  emailNotConfirmed: () => new GoTrueError(400, "email_not_confirmed", "Email not confirmed"),
  userBanned: () => new GoTrueError(400, "user_banned", "User is banned"),
  unsupportedGrant: () => new GoTrueError(400, "unsupported_grant_type", "unsupported_grant_type"),
  refreshTokenNotFound: () => new GoTrueError(400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found"),
  refreshTokenAlreadyUsed: () => new GoTrueError(400, "refresh_token_already_used", "Invalid Refresh Token: Already Used"),
  noAuthorization: () => new GoTrueError(401, "no_authorization", "This endpoint requires a valid Bearer token"),
  badJwt: (reason: string) => new GoTrueError(403, "bad_jwt", `${INVALID_JWT}, ${reason}`),
  missingSub: () => new GoTrueError(403, "bad_jwt", "invalid claim: missing sub claim"),
  userNotFoundFromJwt: () => new GoTrueError(403, "user_not_found", "User from sub claim in JWT does not exist"),
  sessionNotFound: () => new GoTrueError(403, "session_not_found", "Session from session_id claim in JWT does not exist"),
  notAdmin: () => new GoTrueError(403, "not_admin", "User not allowed"),
  userNotFound: () => new GoTrueError(404, "user_not_found", "User not found"),
  notFound: () => new GoTrueError(404, "not_found", "Not Found"),
  methodNotAllowed: () => new GoTrueError(405, "method_not_allowed", "Method Not Allowed"),
  payloadTooLarge: () => new GoTrueError(413, "request_too_large", "Request body too large"),
  databaseSavingUser: () => new GoTrueError(500, "unexpected_failure", "Database error saving new user"),
  unexpected: () => new GoTrueError(500, "unexpected_failure", "Internal Server Error"),
};
