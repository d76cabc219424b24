import { NextResponse } from "next/server";
import { cookies } from "next/headers";
import { createClient } from "@/lib/supabase/server";

/** POST /auth/signout: ends this browser's session and goes to /login (303, so the browser GETs it). */
export async function POST(request: Request) {
  const supabase = await createClient();
  const { error } = await supabase.auth.signOut({ scope: "local" });
  if (error) {
    // Revoking failed (auth server unreachable): still forget the session in this browser.
    const cookieStore = await cookies();
    for (const cookie of cookieStore.getAll()) {
      if (cookie.name.startsWith("sb-")) cookieStore.delete(cookie.name);
    }
  }
  return NextResponse.redirect(new URL("/login", request.url), { status: 303 });
}
