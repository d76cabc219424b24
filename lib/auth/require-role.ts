import "server-only";
import { redirect } from "next/navigation";
import { getViewer, type TAppViewer } from "./get-viewer";
import { homeFor } from "./home-path";
import type { TRole } from "./roles";

/**
 * For Server Components: the signed-in viewer when they hold `role` (or one of `roles`).
 * Signed out → /login (coming back here after); another role → that role's own home.
 */
export async function requireRole(role: TRole | readonly TRole[]): Promise<TAppViewer> {
  const allowed: readonly TRole[] = typeof role === "string" ? [role] : role;
  const viewer = await getViewer();
  if (!viewer) {
    const first = allowed[0];
    redirect(first ? `/login?next=${encodeURIComponent(homeFor(first))}` : "/login");
  }
  if (!allowed.includes(viewer.role)) redirect(homeFor(viewer.role));
  return viewer;
}
