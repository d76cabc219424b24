/**
 * The two public Supabase settings, safe for the browser. Referenced as literal
 * `process.env.NEXT_PUBLIC_*` so Next inlines them into client bundles at build time.
 */
export function supabasePublicEnv(): { url: string; anonKey: string } {
  const url = process.env.NEXT_PUBLIC_SUPABASE_URL;
  const anonKey = process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY;
  if (!url) throw new Error("NEXT_PUBLIC_SUPABASE_URL is not set (see .env.example)");
  if (!anonKey) throw new Error("NEXT_PUBLIC_SUPABASE_ANON_KEY is not set (see .env.example)");
  return { url, anonKey };
}
