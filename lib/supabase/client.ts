import { createBrowserClient } from "@supabase/ssr";
import { supabasePublicEnv } from "./public-env";

/** The browser's Supabase client (auth only; data goes through the app's own routes). */
export function createClient() {
  const { url, anonKey } = supabasePublicEnv();
  return createBrowserClient(url, anonKey);
}
