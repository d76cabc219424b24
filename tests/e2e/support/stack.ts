import { readFileSync } from "node:fs";
import { createClient } from "@supabase/supabase-js";
import { E2E_STACK_FILE, type TE2EStack } from "./e2e-config.ts";

/** What serve.ts wrote about the running throwaway stack. */
export function e2eStack(): TE2EStack {
  return JSON.parse(readFileSync(E2E_STACK_FILE, "utf8")) as TE2EStack;
}

export const TEST_PASSWORD = "correct-horse-42";

/** A fresh address per call, so tests never collide with each other or with demo data. */
export function uniqueEmail(label: string): string {
  return `e2e-${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

/** Creates a confirmed account through the auth admin API (as a seed script would). */
export async function createAccount(options: {
  role: "student" | "tutor" | "parent" | "admin";
  email?: string;
}): Promise<{ email: string; password: string }> {
  const stack = e2eStack();
  const admin = createClient(stack.supabaseUrl, stack.serviceRoleKey, { auth: { persistSession: false, autoRefreshToken: false } });
  const email = options.email ?? uniqueEmail(options.role);
  const isAdmin = options.role === "admin";
  const { error } = await admin.auth.admin.createUser({
    email,
    password: TEST_PASSWORD,
    email_confirm: true,
    user_metadata: { role: isAdmin ? "student" : options.role, full_name: `E2E ${options.role}` },
    // Admins are appointed through app_metadata only; the sign-up trigger ignores a requested "admin".
    app_metadata: isAdmin ? { role: "admin" } : {},
  });
  if (error) throw error;
  return { email, password: TEST_PASSWORD };
}
