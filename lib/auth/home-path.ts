import type { TRole } from "./roles";

const HOME_PATHS: Record<TRole, string> = {
  student: "/student/sessions",
  tutor: "/tutor/sessions",
  parent: "/parent/sessions",
  admin: "/admin",
};

/** Where each role lands after signing in. */
export function homeFor(role: TRole): string {
  return HOME_PATHS[role];
}

/** Areas only a signed-in user may open (proxy.ts sends everyone else to /login). */
export const PROTECTED_PATH_PREFIXES = ["/student", "/tutor", "/parent", "/admin", "/pay"] as const;

export function isProtectedPath(pathname: string): boolean {
  return PROTECTED_PATH_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

/**
 * A `?next=` value is followed only when it is a path on this site: "/x" but never
 * "//evil.example" or "/\evil.example", which browsers treat as another host.
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  if (/[\u0000-\u001f]/.test(next)) return null;
  return next;
}

/**
 * Where to go right after signing in or up: a safe `next`, else the home of the role the
 * account was created with. The server has the last word (requireRole redirects a mismatch).
 */
export function destinationAfterAuth(role: TRole | null, next: string | null): string {
  return safeNextPath(next) ?? (role ? homeFor(role) : "/");
}
