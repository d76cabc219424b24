import { isAuthApiError, isAuthError, isAuthRetryableFetchError, isAuthWeakPasswordError } from "@supabase/supabase-js";

export const OFFLINE_MESSAGE = "Can't reach the server — check your internet connection";
export const WRONG_CREDENTIALS_MESSAGE = "Wrong email or password.";
export const ACCOUNT_EXISTS_MESSAGE = "An account with this email already exists. Sign in instead?";

export type TAuthErrorKind = "offline" | "wrong_credentials" | "account_exists" | "other";
export type TAuthErrorView = { kind: TAuthErrorKind; message: string };

const MESSAGES_BY_CODE: Record<string, string> = {
  email_not_confirmed: "Confirm your email first: open the link we sent you, then sign in.",
  over_request_rate_limit: "Too many attempts. Wait a minute, then try again.",
  over_email_send_rate_limit: "Too many attempts. Wait a minute, then try again.",
  email_address_invalid: "Enter a valid email address, like name@example.com.",
  signup_disabled: "Sign-up is closed right now. Please try again later.",
  user_banned: "This account is suspended. Contact support.",
};

/** Turns anything a Supabase Auth call returned or threw into a message a person can act on. */
export function describeAuthError(error: unknown): TAuthErrorView {
  if (isNetworkFailure(error)) return { kind: "offline", message: OFFLINE_MESSAGE };
  if (isAuthWeakPasswordError(error)) return { kind: "other", message: weakPasswordMessage(error.reasons) };
  if (isAuthError(error)) {
    const code = error.code ?? "";
    if (code === "invalid_credentials") return { kind: "wrong_credentials", message: WRONG_CREDENTIALS_MESSAGE };
    if (code === "user_already_exists" || code === "email_exists") {
      return { kind: "account_exists", message: ACCOUNT_EXISTS_MESSAGE };
    }
    if (code === "weak_password") return { kind: "other", message: weakPasswordMessage([]) };
    const known = MESSAGES_BY_CODE[code];
    if (known) return { kind: "other", message: known };
    if (isAuthApiError(error) && error.status >= 400 && error.status < 500 && error.message) {
      return { kind: "other", message: error.message };
    }
  }
  return { kind: "other", message: "Something went wrong on our side. Please try again in a moment." };
}

function isNetworkFailure(error: unknown): boolean {
  // supabase-js wraps a failed fetch as AuthRetryableFetchError with status 0; a bare fetch throws TypeError.
  if (isAuthRetryableFetchError(error)) return true;
  if (isAuthError(error) && error.status === 0) return true;
  return error instanceof TypeError;
}

function weakPasswordMessage(reasons: readonly string[]): string {
  const hints: Record<string, string> = {
    length: "make it longer",
    characters: "mix upper- and lower-case letters, digits and symbols",
    pwned: "choose one that has not appeared in a data breach",
  };
  const advice = reasons.map((reason) => hints[reason]).filter(Boolean);
  return advice.length
    ? `That password is too weak: ${advice.join("; ")}.`
    : "That password is too weak. Use at least 8 characters and avoid common words.";
}
